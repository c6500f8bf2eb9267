import { NodeRuntime } from "@effect/platform-node"
import { runAccountsMigrations } from "@tickler/accounts"
import { layerEmbeddedPostgres, runPlatformMigrations } from "@tickler/platform"
import { ApiModules, layerHttpServer, layerWebApp } from "@tickler/server"
import { runTasksMigrations } from "@tickler/tasks"
import { Effect, Layer } from "effect"
import * as Path from "node:path"
import { layerDevSecret } from "./DevSecret.ts"

// The `dev` profile: the whole product in one process on embedded PostgreSQL (PGlite) under .data/.
const dataDir = process.env["TICKLER_DATA_DIR"] ?? Path.resolve(import.meta.dirname, "../../.data")

layerHttpServer(layerWebApp(Path.resolve(import.meta.dirname, "../../web/index.html"))).pipe(
  Layer.provide(ApiModules),
  Layer.provide(Layer.effectDiscard(Effect.all([runPlatformMigrations, runTasksMigrations, runAccountsMigrations]))),
  Layer.provide(layerEmbeddedPostgres({ dataDir: Path.join(dataDir, "pglite") })),
  Layer.provide(layerDevSecret(dataDir)),
  Layer.launch,
  NodeRuntime.runMain
)
