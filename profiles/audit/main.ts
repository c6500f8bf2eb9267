import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { layerAuditConsumer, runAuditMigrations } from "@tickler/audit"
import {
  layerDaprAppServer,
  layerDaprPorts,
  layerDaprProcess,
  layerSealDaprApp,
  runPlatformMigrations,
  layerMigrations,
  layerTelemetry
} from "@tickler/platform"
import { Layer } from "effect"

// The `audit` process: every task event appended to the activity log (read by the api process).
const Migrations = layerMigrations([runPlatformMigrations, runAuditMigrations])

const Main: Layer.Layer<never, unknown> = layerSealDaprApp.pipe(
  Layer.provide(layerAuditConsumer),
  Layer.provide(layerDaprAppServer(layerDaprPorts)),
  Layer.provide(Migrations),
  Layer.provide(layerDaprProcess)
)

Layer.launch(Main.pipe(Layer.provide(layerTelemetry("tickler-audit")))).pipe(NodeRuntime.runMain)
