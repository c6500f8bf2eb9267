import { layerAccounts } from "@tickler/accounts"
import { ActivityLog } from "@tickler/audit"
import { SavedViews, Tags, Tasks, UserSettingsStore } from "@tickler/tasks"
import { Layer } from "effect"

/** The services the REST API calls, over the `SqlClient` and `Outbox` the profile provides. */
export const ApiModules = Layer.mergeAll(
  Tasks.layer,
  Tags.layer,
  SavedViews.layer,
  ActivityLog.layer,
  layerAccounts
).pipe(Layer.provideMerge(UserSettingsStore.layer))
