import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { AccountMailer, runAccountsMigrations } from "@tickler/accounts"
import { layerAccountMailerConfig } from "@tickler/notifications"
import {
  layerDaprAppServer,
  layerDaprPorts,
  layerDaprProcess,
  layerMigrations,
  layerSealDaprApp,
  runPlatformMigrations,
  layerTelemetry
} from "@tickler/platform"
import { ApiModules, AssistantRoutes } from "@tickler/server"
import { runTasksMigrations } from "@tickler/tasks"
import { Layer } from "effect"

// The `assistant` process of the split topology: the chat API (`/api/chat`, replies streamed) on
// APP_PORT behind its own Dapr sidecar. Conversations live in Dapr state; the tools change tasks
// through the same modules and database as the api process, whose relay publishes their events.
const Migrations = layerMigrations([runPlatformMigrations, runTasksMigrations, runAccountsMigrations])

// Sends no account mail itself, but the modules it shares with the api process are the same.
const App = AssistantRoutes.pipe(
  Layer.provide(ApiModules),
  Layer.provide(layerAccountMailerConfig(AccountMailer.layerNone)),
  Layer.provideMerge(layerDaprPorts)
)

// No subscriptions: the app is sealed as soon as it is composed.
const Main: Layer.Layer<never, unknown> = layerSealDaprApp.pipe(
  Layer.provide(layerDaprAppServer(App)),
  Layer.provide(Migrations),
  Layer.provide(layerDaprProcess)
)

Layer.launch(Main.pipe(Layer.provide(layerTelemetry("tickler-assistant")))).pipe(NodeRuntime.runMain)
