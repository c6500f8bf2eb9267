import { NodeRuntime } from "@effect/platform-node"
import { runAccountsMigrations } from "@tickler/accounts"
import { runAuditMigrations } from "@tickler/audit"
import { Outbox, layerServerPostgres, runPlatformMigrations } from "@tickler/platform"
import { ApiModules, layerHttpServer } from "@tickler/server"
import { runTasksMigrations } from "@tickler/tasks"
import { Effect, Layer } from "effect"

// The `api` profile: the REST API on a real PostgreSQL server (`DATABASE_URL`).
const Main: Layer.Layer<never, unknown> = layerHttpServer(Layer.empty).pipe(
  Layer.provide(ApiModules),
  Layer.provide(Outbox.layer),
  Layer.provide(
    Layer.effectDiscard(
      Effect.all([runPlatformMigrations, runTasksMigrations, runAccountsMigrations, runAuditMigrations])
    )
  ),
  Layer.provide(layerServerPostgres)
)

Layer.launch(Main).pipe(NodeRuntime.runMain)
