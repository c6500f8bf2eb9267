import { NodeRuntime } from "@effect/platform-node"
import { McpRoute, TicklerMcp } from "@tickler/assistant"
import { Outbox, layerServerPostgres } from "@tickler/platform"
import { AllMigrations } from "@tickler/profile-shared"
import { ApiModules, layerHttpServer } from "@tickler/server"
import { Layer } from "effect"

// The `api` profile without Dapr: the REST API alone on a PostgreSQL server (`DATABASE_URL`), as
// `bench/api` loads it. Its events stay in the outbox until a relay (the split `api` process) runs.
const Main: Layer.Layer<never, unknown> = layerHttpServer(McpRoute).pipe(
  Layer.provide(TicklerMcp.layer.pipe(Layer.provideMerge(ApiModules))),
  Layer.provide(Outbox.layer),
  Layer.provide(AllMigrations),
  Layer.provide(layerServerPostgres)
)

Layer.launch(Main).pipe(NodeRuntime.runMain)
