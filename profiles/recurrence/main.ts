import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import {
  layerDaprAppServer,
  layerDaprPorts,
  layerDaprProcess,
  layerSealDaprApp,
  runPlatformMigrations,
  layerMigrations,
  layerTelemetry
} from "@tickler/platform"
import { layerRecurrenceConsumer } from "@tickler/recurrence"
import { Tasks, UserSettingsStore, runTasksMigrations } from "@tickler/tasks"
import { Layer } from "effect"

// The `recurrence` process: on `task.completed` of a recurring task, the next instance.
const Migrations = layerMigrations([runPlatformMigrations, runTasksMigrations])

const Services = Tasks.layer.pipe(Layer.provideMerge(UserSettingsStore.layer))

// Sealed after the consumer subscribed: daprd reads the subscriptions only then.
const Main: Layer.Layer<never, unknown> = layerSealDaprApp.pipe(
  Layer.provide(layerRecurrenceConsumer),
  Layer.provide(Services),
  Layer.provide(layerDaprAppServer(layerDaprPorts)),
  Layer.provide(Migrations),
  Layer.provide(layerDaprProcess)
)

Layer.launch(Main.pipe(Layer.provide(layerTelemetry("tickler-recurrence")))).pipe(NodeRuntime.runMain)
