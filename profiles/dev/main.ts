import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { layerAuditConsumer } from "@tickler/audit"
import {
  Inbox,
  Outbox,
  layerEmbeddedPostgres,
  layerEnvSecrets,
  layerMemoryEventBus,
  layerOutboxRelay,
  layerSqlJobScheduler,
  layerSqlStateStore,
  layerStaticRuntimeConfig,
  layerTelemetry
} from "@tickler/platform"
import {
  layerAccountMailer,
  layerDevVapidKeys,
  layerNotificationChannels,
  layerNotificationsConsumer
} from "@tickler/notifications"
import { LiveFeed, layerRealtimeConsumer } from "@tickler/realtime"
import { layerRecurrenceConsumer } from "@tickler/recurrence"
import { Reminders, layerReminderSweep, layerRemindersConsumer } from "@tickler/reminders"
import { AllMigrations } from "@tickler/profile-shared"
import { ApiModules, LiveEventsRoute, McpRoute, layerHttpServer, layerWebApp } from "@tickler/server"
import { AccountMailer } from "@tickler/accounts"
import { Layer } from "effect"
import * as Path from "node:path"
import { layerDevSecret } from "./DevSecret.ts"

// The `dev` profile: the whole product in one process — embedded PostgreSQL (PGlite) under .data/,
// the in-process event bus and the database-backed job timer in place of Kafka and the Dapr Scheduler.
const dataDir = process.env["TICKLER_DATA_DIR"] ?? Path.resolve(import.meta.dirname, "../../.data")

const Platform = Layer.mergeAll(
  layerMemoryEventBus,
  layerSqlJobScheduler,
  Inbox.layer,
  Outbox.layer,
  layerSqlStateStore,
  layerEnvSecrets,
  layerStaticRuntimeConfig
)

// Without SMTP, account mail (verification and reset links) goes to this console: one person, one machine.
const Services = Layer.mergeAll(
  ApiModules.pipe(Layer.provideMerge(layerAccountMailer(AccountMailer.layerConsole))),
  LiveFeed.layer,
  Reminders.layer
).pipe(Layer.provideMerge(layerNotificationChannels))

const Consumers = Layer.mergeAll(
  layerRecurrenceConsumer,
  layerAuditConsumer,
  layerRemindersConsumer,
  layerReminderSweep,
  layerRealtimeConsumer(),
  layerNotificationsConsumer()
)

// The relay starts after every consumer has subscribed, so no event is published to nobody.
const Relay = layerOutboxRelay().pipe(Layer.provide(Consumers))

const Http = layerHttpServer(
  Layer.mergeAll(LiveEventsRoute, McpRoute, layerWebApp(Path.resolve(import.meta.dirname, "../../web/dist")))
)

// Typed as needing nothing, so a service missing from the composition is a compile error.
const Main: Layer.Layer<never, unknown> = Layer.mergeAll(Http, Relay).pipe(
  Layer.provide(Services),
  Layer.provide(Platform),
  Layer.provide(AllMigrations),
  Layer.provide(layerEmbeddedPostgres({ dataDir: Path.join(dataDir, "pglite") })),
  Layer.provide(layerDevSecret(dataDir)),
  Layer.provide(layerDevVapidKeys(dataDir))
)

Layer.launch(Main.pipe(Layer.provide(layerTelemetry("tickler")))).pipe(NodeRuntime.runMain)
