import { NodeRuntime } from "@effect/platform-node"
import { layerAccounts, runAccountsMigrations } from "@tickler/accounts"
import {
  layerDaprAppServer,
  layerDaprPorts,
  layerDaprProcess,
  layerSealDaprApp,
  runPlatformMigrations,
  layerMigrations,
  layerTelemetry
} from "@tickler/platform"
import { LiveFeed, layerRealtimeConsumer, runRealtimeMigrations } from "@tickler/realtime"
import { LiveEventsRoute } from "@tickler/server"
import { Layer } from "effect"

// The `realtime` process: `task-updates` into the live feed, served as Server-Sent Events at
// /api/events on its own port (clients sign in through the api process; sessions are shared in the
// database). The feed's hub is in this process, so the consumer and the SSE route live together.
const Migrations = layerMigrations([runPlatformMigrations, runAccountsMigrations, runRealtimeMigrations])

const Services = Layer.mergeAll(LiveFeed.layer, layerAccounts)

const Main: Layer.Layer<never, unknown> = layerSealDaprApp.pipe(
  Layer.provide(layerRealtimeConsumer()),
  Layer.provide(layerDaprAppServer(Layer.mergeAll(LiveEventsRoute, layerDaprPorts))),
  Layer.provide(Services),
  Layer.provide(Migrations),
  Layer.provide(layerDaprProcess)
)

Layer.launch(Main.pipe(Layer.provide(layerTelemetry("tickler-realtime")))).pipe(NodeRuntime.runMain)
