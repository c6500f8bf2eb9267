import { NodeRuntime } from "@effect/platform-node"
import { McpRoute } from "@tickler/assistant"
import {
  layerDaprAppServer,
  layerDaprPorts,
  layerDaprProcess,
  layerOutboxRelay,
  layerSealDaprApp
} from "@tickler/platform"
import { AllMigrations } from "@tickler/profile-shared"
import { ApiModules, ApiRoutes } from "@tickler/server"
import { Layer } from "effect"

// The `api` process of the split topology (`pnpm stack up tickler`): the REST API on APP_PORT, behind
// its Dapr sidecar, and the outbox relay publishing through Dapr pub/sub. (main.ts is the same API
// without Dapr, on DATABASE_URL and PORT.) It starts first in the stack, so it runs every module's
// migrations; the other processes' runs are then no-ops.
// The API's services need the ports (conversations live in Dapr state); the relay needs the event bus.
const App = Layer.mergeAll(ApiRoutes, McpRoute).pipe(Layer.provide(ApiModules), Layer.provideMerge(layerDaprPorts))

// No subscriptions here: the app is sealed as soon as it is composed. One relay per database.
const Main: Layer.Layer<never, unknown> = Layer.mergeAll(layerSealDaprApp, layerOutboxRelay()).pipe(
  Layer.provide(layerDaprAppServer(App)),
  Layer.provide(AllMigrations),
  Layer.provide(layerDaprProcess)
)

Layer.launch(Main).pipe(NodeRuntime.runMain)
