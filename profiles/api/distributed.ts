import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import {
  launchWorkers,
  layerDaprAppServer,
  layerDaprPorts,
  layerDaprProcess,
  layerDaprStateStore,
  layerOutboxRelay,
  layerSealDaprApp,
  layerTelemetry
} from "@tickler/platform"
import { AccountMailer } from "@tickler/accounts"
import { layerAccountMailerConfig } from "@tickler/notifications"
import { AllMigrations } from "@tickler/profile-shared"
import { ApiModules, ApiRoutes, McpRoute, layerWebApp } from "@tickler/server"
import { Effect, Layer } from "effect"
import * as Path from "node:path"

// The `api` process of the split topology (`pnpm stack up tickler`): the REST API, `/mcp` and the built
// web app (when web/dist exists, as in the container image) on APP_PORT, behind its Dapr sidecar, and the outbox relay publishing through Dapr pub/sub. (main.ts is
// the same API without Dapr, on DATABASE_URL and PORT.) It starts first in the stack, so it runs every
// module's migrations (once, before it serves); the other processes' runs are then no-ops.
const WebApp = layerWebApp(Path.resolve(import.meta.dirname, "../../web/dist"))
const Server = layerDaprAppServer(Layer.mergeAll(ApiRoutes, McpRoute, WebApp, layerDaprPorts))

// No subscriptions here: the app is sealed as soon as it is composed. Every process may run the
// relay: only the one holding the database's relay lease publishes, the others stand by.
// The routes find the modules in the server's context; conversations live in Dapr state.
const Worker: Layer.Layer<never, unknown> = Layer.mergeAll(layerSealDaprApp, layerOutboxRelay()).pipe(
  Layer.provide(Server),
  Layer.provide(ApiModules),
  Layer.provide(layerAccountMailerConfig(AccountMailer.layerNone)),
  Layer.provide(layerDaprStateStore()),
  Layer.provide(layerDaprProcess)
)

// One process by default: the split topology scales it by replicas (a pod per replica), not by
// workers in a process; TICKLER_API_WORKERS runs more behind APP_PORT.
launchWorkers({
  setup: AllMigrations.pipe(Layer.provide(layerDaprProcess)),
  worker: Worker,
  defaultCount: 1
}).pipe(Effect.provide(layerTelemetry("tickler-api")), NodeRuntime.runMain)
