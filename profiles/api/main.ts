import { NodeRuntime } from "@effect/platform-node"
import { runAccountsMigrations } from "@tickler/accounts"
import { layerServerPostgres, runPlatformMigrations } from "@tickler/platform"
import { ApiModules, layerHttpServer } from "@tickler/server"
import { runTasksMigrations } from "@tickler/tasks"
import { Effect, Layer } from "effect"

// The `api` profile: the REST API on a real PostgreSQL server (`DATABASE_URL`).
layerHttpServer(Layer.empty).pipe(
  Layer.provide(ApiModules),
  Layer.provide(Layer.effectDiscard(Effect.all([runPlatformMigrations, runTasksMigrations, runAccountsMigrations]))),
  Layer.provide(layerServerPostgres),
  Layer.launch,
  NodeRuntime.runMain
)
