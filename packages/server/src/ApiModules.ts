import { layerAccounts } from "@tickler/accounts"
import { Outbox } from "@tickler/platform"
import { Tags, Tasks, UserSettingsStore } from "@tickler/tasks"
import { Layer } from "effect"

/** The services the REST API calls, over whatever `SqlClient` the profile provides. */
export const ApiModules = Layer.mergeAll(Tasks.layer, Tags.layer, layerAccounts).pipe(
  Layer.provideMerge(UserSettingsStore.layer),
  Layer.provideMerge(Outbox.layer)
)
