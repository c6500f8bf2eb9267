import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import {
  layerDaprAppServer,
  layerDaprInputBinding,
  layerDaprPorts,
  layerDaprProcess,
  layerSealDaprApp,
  runPlatformMigrations,
  layerMigrations,
  layerTelemetry
} from "@tickler/platform"
import { Reminders, layerRemindersConsumer, runRemindersMigrations } from "@tickler/reminders"
import { Effect, Layer } from "effect"

// The `reminders` process: one Dapr job per reminder occurrence (scheduled, moved, cancelled from task
// events), `reminder.trigger` when a job fires, and the safety sweep on the `reminder-sweep` cron
// binding (dapr/components/reminder-sweep.yaml) instead of an in-process timer.
const Migrations = layerMigrations([runPlatformMigrations, runRemindersMigrations])

const Sweep = layerDaprInputBinding(
  "reminder-sweep",
  Reminders.use((reminders) => reminders.sweep).pipe(
    Effect.tap((count) =>
      count > 0 ? Effect.logWarning(`reminder sweep fired ${count} missed reminder(s)`) : Effect.void
    )
  )
)

// Reminders needs the JobScheduler and the sweep route needs Reminders: both live in the app.
const App = Sweep.pipe(Layer.provideMerge(Reminders.layer), Layer.provideMerge(layerDaprPorts))

const Main: Layer.Layer<never, unknown> = layerSealDaprApp.pipe(
  Layer.provide(layerRemindersConsumer),
  Layer.provide(layerDaprAppServer(App)),
  Layer.provide(Migrations),
  Layer.provide(layerDaprProcess)
)

Layer.launch(Main.pipe(Layer.provide(layerTelemetry("tickler-reminders")))).pipe(NodeRuntime.runMain)
