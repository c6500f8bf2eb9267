import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { layerServerPostgres } from "@tickler/platform"
import { AllMigrations } from "@tickler/profile-shared"
import { Effect, Layer } from "effect"

// The `migrate` profile: every module's migrations on DATABASE_URL, then exit. Kubernetes runs it as
// the chart's pre-install/pre-upgrade hook, so a new version's pods start on the schema they expect.
const program = Layer.build(AllMigrations.pipe(Layer.provide(layerServerPostgres))).pipe(
  Effect.scoped,
  Effect.andThen(Effect.logInfo("migrations are up to date"))
)

NodeRuntime.runMain(program)
