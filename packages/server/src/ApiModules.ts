import { layerAccounts, runAccountsMigrations } from "@tickler/accounts"
import { Tags, Tasks, UserSettingsStore, runTasksMigrations } from "@tickler/tasks"
import { Effect, Layer } from "effect"

/** The services the REST API calls, over whatever `SqlClient` the profile provides. */
export const ApiModules = Layer.mergeAll(Tasks.layer, Tags.layer, layerAccounts).pipe(
  Layer.provideMerge(UserSettingsStore.layer)
)

/** Brings every module's tables up to date; each module tracks its own migrations. */
export const runMigrations = Effect.andThen(runTasksMigrations, runAccountsMigrations)
