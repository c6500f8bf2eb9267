import { NodeRuntime } from "@effect/platform-node"
import { layerServerPostgres } from "@tickler/platform"
import { ApiModules, layerHttpServer, runMigrations } from "@tickler/server"
import { Layer } from "effect"

// The `api` profile: the REST API on a real PostgreSQL server (`DATABASE_URL`).
layerHttpServer(Layer.empty).pipe(
  Layer.provide(ApiModules),
  Layer.provide(Layer.effectDiscard(runMigrations)),
  Layer.provide(layerServerPostgres),
  Layer.launch,
  NodeRuntime.runMain
)
