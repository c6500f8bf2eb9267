import { NodeRuntime } from "@effect/platform-node"
import { layerEmbeddedPostgres } from "@tickler/platform"
import { ApiModules, HttpServerLive, runMigrations } from "@tickler/server"
import { Config, Effect, Layer } from "effect"
import * as Path from "node:path"

// The `dev` profile: the whole product in one process on embedded PostgreSQL (PGlite) under .data/.
const EmbeddedDatabase = Layer.unwrap(
  Effect.map(
    Config.String("TICKLER_DATA_DIR").pipe(Config.withDefault(Path.resolve(import.meta.dirname, "../../.data"))),
    (dir) => layerEmbeddedPostgres({ dataDir: Path.join(dir, "pglite") })
  )
)

HttpServerLive.pipe(
  Layer.provide(ApiModules),
  Layer.provide(Layer.effectDiscard(runMigrations)),
  Layer.provide(EmbeddedDatabase),
  Layer.launch,
  NodeRuntime.runMain
)
