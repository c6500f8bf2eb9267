import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { AccountMailer, layerAccounts, runAccountsMigrations } from "@tickler/accounts"
import {
  layerAccountMailer,
  layerNotificationChannels,
  layerNotificationsConsumer,
  runNotificationsMigrations
} from "@tickler/notifications"
import {
  layerDaprAppServer,
  layerDaprPorts,
  layerDaprProcess,
  layerSealDaprApp,
  runPlatformMigrations,
  layerMigrations,
  layerTelemetry
} from "@tickler/platform"
import { Tasks, UserSettingsStore, runTasksMigrations } from "@tickler/tasks"
import { Layer } from "effect"

// The `notifications` process: `reminder.trigger` → in-app, email (SMTP_* settings; the password may
// come from the secret store as smtp:password) and Web Push (TICKLER_VAPID_PUBLIC_KEY, private key
// from the secret store), once per occurrence and channel, retried through its own Dapr jobs.
const Migrations = layerMigrations([
  runPlatformMigrations,
  runTasksMigrations,
  runAccountsMigrations,
  runNotificationsMigrations
])

const Services = Layer.mergeAll(
  Tasks.layer,
  layerAccounts.pipe(Layer.provide(layerAccountMailer(AccountMailer.layerNone)))
).pipe(Layer.provideMerge(Layer.merge(UserSettingsStore.layer, layerNotificationChannels)))

const Main: Layer.Layer<never, unknown> = layerSealDaprApp.pipe(
  Layer.provide(layerNotificationsConsumer()),
  Layer.provide(Services),
  Layer.provide(layerDaprAppServer(layerDaprPorts)),
  Layer.provide(Migrations),
  Layer.provide(layerDaprProcess)
)

Layer.launch(Main.pipe(Layer.provide(layerTelemetry("tickler-notifications")))).pipe(NodeRuntime.runMain)
