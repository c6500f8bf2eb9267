import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { AccountMailer } from "@tickler/accounts"
import { layerAccountMailerConfig } from "@tickler/notifications"
import {
  ONE_PER_CORE,
  Outbox,
  launchWorkers,
  layerEnvSecrets,
  layerServerPostgres,
  layerSqlStateStore,
  layerTelemetry
} from "@tickler/platform"
import { AllMigrations } from "@tickler/profile-shared"
import { ApiModules, McpRoute, layerHttpServer } from "@tickler/server"
import { Effect, Layer } from "effect"

// The `api` profile without Dapr: the REST API alone on a PostgreSQL server (`DATABASE_URL`), as
// `bench/api` loads it, in TICKLER_API_WORKERS processes (default one per core) sharing PORT; the
// migrations run once, before they start. Its events stay in the outbox until a relay (the split
// `api` process) runs.
const Worker: Layer.Layer<never, unknown> = layerHttpServer(McpRoute).pipe(
  Layer.provide(ApiModules),
  Layer.provide(layerAccountMailerConfig(AccountMailer.layerNone).pipe(Layer.provide(layerEnvSecrets))),
  Layer.provide(Layer.merge(Outbox.layer, layerSqlStateStore)),
  Layer.provide(layerServerPostgres)
)

launchWorkers({
  setup: AllMigrations.pipe(Layer.provide(layerServerPostgres)),
  worker: Worker,
  defaultCount: ONE_PER_CORE
}).pipe(Effect.provide(layerTelemetry("tickler-api")), NodeRuntime.runMain)
