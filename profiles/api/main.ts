import { NodeRuntime } from "@effect/platform-node"
import { AccountMailer } from "@tickler/accounts"
import { layerAccountMailerConfig } from "@tickler/notifications"
import { Outbox, layerEnvSecrets, layerServerPostgres, layerSqlStateStore, layerTelemetry } from "@tickler/platform"
import { AllMigrations } from "@tickler/profile-shared"
import { ApiModules, McpRoute, layerHttpServer } from "@tickler/server"
import { Layer } from "effect"

// The `api` profile without Dapr: the REST API alone on a PostgreSQL server (`DATABASE_URL`), as
// `bench/api` loads it. Its events stay in the outbox until a relay (the split `api` process) runs.
const Main: Layer.Layer<never, unknown> = layerHttpServer(McpRoute).pipe(
  Layer.provide(ApiModules),
  Layer.provide(layerAccountMailerConfig(AccountMailer.layerNone).pipe(Layer.provide(layerEnvSecrets))),
  Layer.provide(Layer.merge(Outbox.layer, layerSqlStateStore)),
  Layer.provide(AllMigrations),
  Layer.provide(layerServerPostgres)
)

Layer.launch(Main.pipe(Layer.provide(layerTelemetry("tickler-api")))).pipe(NodeRuntime.runMain)
