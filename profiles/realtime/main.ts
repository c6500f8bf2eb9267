import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { AccountMailer, layerAccounts, layerSessionEndsConsumer, runAccountsMigrations } from "@tickler/accounts"
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

// Sends no account mail; it hears of sessions ended in the api process from `task-updates`.
const Services = Layer.mergeAll(LiveFeed.layer, layerAccounts.pipe(Layer.provide(AccountMailer.layerNone)))

const Main: Layer.Layer<never, unknown> = layerSealDaprApp.pipe(
  Layer.provide(Layer.merge(layerRealtimeConsumer(), layerSessionEndsConsumer)),
  Layer.provide(layerDaprAppServer(Layer.mergeAll(LiveEventsRoute, layerDaprPorts))),
  Layer.provide(Services),
  Layer.provide(Migrations),
  Layer.provide(layerDaprProcess)
)

Layer.launch(Main.pipe(Layer.provide(layerTelemetry("tickler-realtime")))).pipe(NodeRuntime.runMain)
