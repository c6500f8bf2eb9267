import { assert, describe, it } from "@effect/vitest"
import { AccountMailer, Accounts, layerAccountsWith, runAccountsMigrations } from "@tickler/accounts"
import {
  type NotificationChannel,
  SCHEMA_VERSION,
  type TimeZone,
  Topics,
  type UpdateSettings,
  uuidv7
} from "@tickler/domain"
import {
  deadLetterTopic,
  EventBus,
  type EventEnvelope,
  Inbox,
  JobScheduler,
  Outbox,
  layerMemoryEventBus,
  layerOutboxRelay,
  layerSqlJobScheduler,
  runPlatformMigrations
} from "@tickler/platform"
import { type TestDatabase, testDatabases } from "@tickler/platform/testing"
import { Tasks, UserSettingsStore, runTasksMigrations } from "@tickler/tasks"
import { Clock, ConfigProvider, Duration, Effect, Layer, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import * as Crypto from "node:crypto"
import { Temporal } from "temporal-polyfill"
import {
  EmailSender,
  Notifications,
  PushDestinations,
  PushSubscriptions,
  WebPushSender,
  generateVapidKeys,
  layerNotificationsConsumer,
  runNotificationsMigrations
} from "../src/index.ts"
import { PushEndpoint, SmtpCapture } from "../src/testing/index.ts"

// ---------------------------------------------------------------------------------------------------
// A controllable clock: real time plus an offset the quiet-hours test moves. Everything that reads the
// time through Effect (the consumer, the job timer) sees the same shifted "now"; sleeps stay real.
let clockOffset = 0
const realClock = Clock.Clock.defaultValue()
const shiftedClock: Clock.Clock = {
  currentTimeMillisUnsafe: () => realClock.currentTimeMillisUnsafe() + clockOffset,
  currentTimeMillis: Effect.sync(() => realClock.currentTimeMillisUnsafe() + clockOffset),
  currentTimeNanosUnsafe: () => realClock.currentTimeNanosUnsafe() + BigInt(clockOffset) * 1_000_000n,
  currentTimeNanos: Effect.sync(() => realClock.currentTimeNanosUnsafe() + BigInt(clockOffset) * 1_000_000n),
  monotonicTimeNanosUnsafe: () => realClock.monotonicTimeNanosUnsafe(),
  monotonicTimeNanos: realClock.monotonicTimeNanos,
  sleep: (duration) => realClock.sleep(duration)
}
const shiftedNow = () => Date.now() + clockOffset

// ---------------------------------------------------------------------------------------------------
const vapid = generateVapidKeys()
const MAX_ATTEMPTS = 4
const CLAIM_LEASE = "3 seconds"

/** Events the test listens to: the dead-letter topic of `reminders`, and `task-updates` (live clients). */
const captured = { deadLetters: [] as Array<EventEnvelope>, taskUpdates: [] as Array<EventEnvelope> }
const layerCapture = Layer.effectDiscard(
  Effect.gen(function* () {
    const bus = yield* EventBus
    yield* bus.subscribe({
      topic: deadLetterTopic(Topics.reminders),
      group: "test",
      handle: (event) => Effect.sync(() => captured.deadLetters.push(event as EventEnvelope))
    })
    yield* bus.subscribe({
      topic: Topics.taskUpdates,
      group: "test",
      handle: (event) => Effect.sync(() => captured.taskUpdates.push(event as EventEnvelope))
    })
  })
)

const testLayer = (database: TestDatabase["layer"]) => {
  const channels = Layer.unwrap(
    Effect.gen(function* () {
      const smtp = yield* SmtpCapture
      return Layer.mergeAll(
        EmailSender.layerSmtp({ host: "127.0.0.1", port: smtp.port, from: "Tickler <reminders@tickler.test>" }),
        WebPushSender.layer({
          publicKey: vapid.publicKey,
          privateKey: Redacted.make(vapid.privateKey),
          subject: "mailto:ops@tickler.test"
        }).pipe(Layer.provide(PushDestinations.layer(["127.0.0.1"])))
      )
    })
  )
  const consumer = layerNotificationsConsumer({
    maxAttempts: MAX_ATTEMPTS,
    retryBase: "300 millis",
    retryMax: "2 seconds",
    publicUrl: "https://tickler.test",
    claimLease: CLAIM_LEASE,
    sweepInterval: "500 millis"
  })
  // The relay starts after the consumer and the capture subscribed, like in a profile.
  const running = layerOutboxRelay({ pollInterval: "20 millis" }).pipe(
    Layer.provide(Layer.mergeAll(consumer, layerCapture))
  )
  const modules = Layer.mergeAll(
    Tasks.layer,
    layerAccountsWith({
      secret: Redacted.make(Crypto.randomBytes(32).toString("hex")),
      baseURL: "https://tickler.test"
    }),
    Notifications.layer,
    PushSubscriptions.layer
  ).pipe(Layer.provideMerge(UserSettingsStore.layer), Layer.provide(AccountMailer.layerNone))
  const platform = Layer.mergeAll(layerMemoryEventBus, layerSqlJobScheduler, Inbox.layer, Outbox.layer)
  const migrations = Layer.effectDiscard(
    Effect.all([runPlatformMigrations, runTasksMigrations, runAccountsMigrations, runNotificationsMigrations])
  )
  return running.pipe(
    Layer.provideMerge(channels),
    Layer.provideMerge(modules),
    Layer.provideMerge(platform),
    Layer.provideMerge(migrations),
    Layer.provideMerge(database),
    Layer.provideMerge(Layer.mergeAll(SmtpCapture.layer, PushEndpoint.layer)),
    Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({}))),
    // provideMerge: the test's own fiber publishes, and the in-memory bus runs the consumer in it.
    Layer.provideMerge(Layer.succeed(Clock.Clock, shiftedClock))
  )
}

// ---------------------------------------------------------------------------------------------------
/** Polls `check` until it returns a value (not undefined), failing after `timeout`. */
const eventually = <A, E, R>(
  what: string,
  check: Effect.Effect<A | undefined, E, R>,
  timeout: Duration.Input = "15 seconds"
): Effect.Effect<A, E, R> =>
  Effect.gen(function* () {
    const deadline = Date.now() + Duration.toMillis(Duration.fromInputUnsafe(timeout))
    while (true) {
      const value = yield* check
      if (value !== undefined) return value
      if (Date.now() > deadline) return yield* Effect.die(new Error(`timed out waiting for ${what}`))
      yield* Effect.sleep("25 millis")
    }
  })

interface User {
  readonly id: string
  readonly email: string
}

const makeUser = (settings: UpdateSettings) =>
  Effect.gen(function* () {
    const accounts = yield* Accounts
    const email = `u${Crypto.randomBytes(5).toString("hex")}@example.com`
    const { session } = yield* accounts.signUp({ email, password: "correct horse battery", name: "Ada" })
    // As if they followed the verification link: email goes only to verified addresses.
    yield* (yield* SqlClient.SqlClient)`update "user" set "emailVerified" = true where "id" = ${session.user.id}`
    yield* (yield* UserSettingsStore).update(session.user.id, settings)
    return { id: session.user.id, email } satisfies User
  })

const subscribeDevice = (user: User, name: string) =>
  Effect.gen(function* () {
    const device = (yield* PushEndpoint).newDevice(name)
    yield* (yield* PushSubscriptions).save(user.id, device.subscription)
    return device
  })

const makeTask = (user: User, title: string) =>
  Tasks.use((tasks) =>
    tasks.create(user.id, {
      title,
      due: { kind: "datetime", local: "2026-03-03T09:00", zone: "America/New_York" as TimeZone }
    })
  )

/** A `reminder.trigger` as the reminders module publishes it. */
const trigger = (user: User, taskId: string, overrides: { reminderId?: string; late?: boolean } = {}) => ({
  event_id: uuidv7(),
  event_type: "reminder.trigger",
  user_id: user.id,
  timestamp: new Date().toISOString(),
  schema_version: SCHEMA_VERSION,
  correlation_id: uuidv7(),
  payload: {
    task_id: taskId,
    reminder_id: overrides.reminderId ?? Crypto.randomUUID(),
    due_date: "2026-03-03T14:00:00.000Z",
    fire_at: "2026-03-03T13:30:00.000Z",
    late: overrides.late ?? false
  }
})

const publish = (event: ReturnType<typeof trigger> | EventEnvelope) =>
  EventBus.use((bus) => bus.publish(Topics.reminders, event.user_id, event as EventEnvelope))

const emailsTo = (user: User) => SmtpCapture.useSync((smtp) => smtp.emails.filter((e) => e.to.includes(user.email)))
const pushesTo = (device: string) => PushEndpoint.useSync((push) => push.received.filter((p) => p.device === device))

interface LedgerRow {
  readonly id: string
  readonly channel: NotificationChannel
  readonly status: string
  readonly attempts: number
  readonly next_attempt_at: Date | null
  readonly finished_at: Date | null
  readonly last_error: string | null
}
const ledger = (user: User) =>
  SqlClient.SqlClient.use(
    (sql) => sql<LedgerRow>`select id, channel, status, attempts, next_attempt_at, finished_at, last_error
      from notification_deliveries where user_id = ${user.id} order by channel`
  )
const ledgerRow = (user: User, channel: NotificationChannel) =>
  Effect.map(ledger(user), (rows) => rows.find((row) => row.channel === channel))

const settled = (user: User) =>
  eventually(
    "every delivery to finish",
    Effect.map(ledger(user), (rows) =>
      rows.length > 0 && rows.every((row) => row.status !== "pending" && row.status !== "sending") ? rows : undefined
    )
  )

const ALL: ReadonlyArray<NotificationChannel> = ["inApp", "email", "webPush"]

for (const database of testDatabases())
  describe(`notifications on ${database.name}`, () => {
    it.layer(testLayer(database.layer), { timeout: 120_000, excludeTestServices: true })((it) => {
      it.effect("one trigger: exactly one in-app notification, one email and one push", () =>
        Effect.gen(function* () {
          const user = yield* makeUser({ channels: ALL, timeZone: "America/New_York" as TimeZone })
          yield* subscribeDevice(user, "laptop")
          const task = yield* makeTask(user, "Pay rent")
          const event = trigger(user, task.id)
          yield* publish(event)

          const [email] = yield* eventually(
            "the email",
            Effect.map(emailsTo(user), (e) => (e.length ? e : undefined))
          )
          const [push] = yield* eventually(
            "the push",
            Effect.map(pushesTo("laptop"), (p) => (p.length ? p : undefined))
          )
          // In-app: stored, listed, unread.
          const page = yield* (yield* Notifications).list(user.id, {})
          assert.strictEqual(page.items.length, 1)
          assert.strictEqual(page.unreadCount, 1)
          assert.strictEqual(page.items[0]!.title, "Reminder: Pay rent")
          assert.strictEqual(page.items[0]!.taskId, task.id)
          assert.include(page.items[0]!.body, "09:00")

          // Email: a clear subject and the due time in the user's zone (14:00 UTC = 09:00 in New York).
          assert.strictEqual(email!.subject, "Reminder: Pay rent")
          assert.include(email!.from, "reminders@tickler.test")
          assert.include(email!.text, "Due Tue, 3 Mar 2026, 09:00 (America/New_York)")
          assert.include(email!.text, `https://tickler.test/tasks/${task.id}`)

          // Push: VAPID-signed for this push service's origin, decrypted with the device's key.
          assert.strictEqual(push!.claims.aud, (yield* PushEndpoint).origin)
          assert.strictEqual(push!.claims.sub, "mailto:ops@tickler.test")
          assert.strictEqual(push!.vapidKey, vapid.publicKey)
          assert.strictEqual(push!.payload.title, "Reminder: Pay rent")
          assert.strictEqual(push!.payload.taskId, task.id)
          assert.strictEqual(push!.payload.reminderId, event.payload.reminder_id)
          assert.strictEqual(push!.ttl, "86400")
          assert.strictEqual(push!.urgency, "high")
          assert.deepStrictEqual((yield* PushEndpoint).rejected, [])

          // Live clients hear of the in-app notification on task-updates, with the usual envelope.
          const live = yield* eventually(
            "notification.created on task-updates",
            Effect.sync(() =>
              captured.taskUpdates.find((e) => e.event_type === "notification.created" && e.user_id === user.id)
            )
          )
          assert.strictEqual(live["correlation_id"], event.correlation_id)
          assert.strictEqual(live["schema_version"], SCHEMA_VERSION)
          assert.strictEqual((live["payload"] as any).task_id, task.id)
          assert.strictEqual((live["payload"] as any).notification.id, page.items[0]!.id)

          const rows = yield* settled(user)
          // The Message-ID names the delivery, so any resend of it is the same message to the mail system.
          assert.strictEqual(email!.messageId, `<${rows.find((row) => row.channel === "email")!.id}@tickler.test>`)
          assert.deepStrictEqual(
            rows.map((row) => [row.channel, row.status, row.attempts]),
            [
              ["email", "sent", 1],
              ["inApp", "sent", 1],
              ["webPush", "sent", 1]
            ]
          )
        })
      )

      it.effect("the same trigger delivered again, or a second trigger of that occurrence, sends nothing more", () =>
        Effect.gen(function* () {
          const user = yield* makeUser({ channels: ALL })
          yield* subscribeDevice(user, "phone")
          const task = yield* makeTask(user, "Call mum")
          const event = trigger(user, task.id)
          yield* publish(event)
          yield* settled(user)

          // Redelivery (same event id), and another event for the same occurrence (the sweep racing the job).
          yield* publish(event)
          yield* publish(event)
          yield* publish({ ...event, event_id: uuidv7(), correlation_id: uuidv7() })
          // Concurrent duplicates too: the ledger's unique constraint decides.
          yield* Effect.all(
            Array.from({ length: 3 }, () => publish({ ...event, event_id: uuidv7() })),
            { concurrency: "unbounded" }
          )
          const sql = yield* SqlClient.SqlClient
          const pendingJobs = yield* sql`select name from scheduled_jobs where name like 'notify:%'
            and name in (select 'notify:' || id from notification_deliveries where user_id = ${user.id})`
          assert.strictEqual(pendingJobs.length, 0, "no delivery job was scheduled again")
          assert.strictEqual((yield* ledger(user)).length, 3)
          assert.strictEqual((yield* (yield* Notifications).list(user.id, {})).items.length, 1)
          assert.strictEqual((yield* emailsTo(user)).length, 1)
          assert.strictEqual((yield* pushesTo("phone")).length, 1)
        })
      )

      it.effect(
        "a redelivered job sends nothing while an attempt holds the delivery; a claim left by a crashed process is sent after the lease, as the same message",
        () =>
          Effect.gen(function* () {
            const user = yield* makeUser({ channels: ["email"] })
            const task = yield* makeTask(user, "Book dentist")
            yield* publish(trigger(user, task.id))
            const [delivery] = yield* settled(user)
            const [first] = yield* emailsTo(user)

            // As if an attempt were under way (or its process had died after the server accepted the
            // message, before recording it), and the delivery's job came again meanwhile.
            const sql = yield* SqlClient.SqlClient
            yield* sql`update notification_deliveries set status = 'sending', claimed_at = ${new Date(shiftedNow())}
              where id = ${delivery!.id}`
            yield* JobScheduler.use((jobs) =>
              jobs.schedule({ name: `notify:${delivery!.id}`, at: new Date(shiftedNow()), data: null })
            )
            yield* Effect.sleep("1500 millis")
            assert.strictEqual((yield* emailsTo(user)).length, 1, "nothing sent while the claim is held")
            assert.strictEqual((yield* ledgerRow(user, "email"))!.status, "sending")

            // Nobody records an outcome: once the lease has run out the sweep hands the delivery back.
            const again = yield* eventually(
              "the abandoned delivery to be sent again",
              Effect.map(emailsTo(user), (emails) => (emails.length === 2 ? emails : undefined))
            )
            assert.strictEqual(again[1]!.messageId, first!.messageId)
            assert.strictEqual(again[1]!.subject, first!.subject)
            const row = yield* eventually(
              "the delivery to be recorded as sent",
              Effect.map(ledgerRow(user, "email"), (row) => (row?.status === "sent" ? row : undefined))
            )
            assert.strictEqual(row.attempts, 2)
          })
      )

      it.effect(
        "a refusing SMTP server: email retried with backoff and delivered once; in-app and push not held up",
        () =>
          Effect.gen(function* () {
            const smtp = yield* SmtpCapture
            const user = yield* makeUser({ channels: ALL })
            yield* subscribeDevice(user, "tablet")
            const task = yield* makeTask(user, "Water plants")
            const refusedBefore = smtp.refusals()
            smtp.refuseNext(2)
            yield* publish(trigger(user, task.id))

            const rows = yield* settled(user)
            const byChannel = Object.fromEntries(rows.map((row) => [row.channel, row]))
            assert.strictEqual(smtp.refusals() - refusedBefore, 2)
            assert.strictEqual((yield* emailsTo(user)).length, 1)
            assert.strictEqual(byChannel["email"]!.status, "sent")
            assert.strictEqual(byChannel["email"]!.attempts, 3)
            assert.strictEqual(byChannel["webPush"]!.attempts, 1)
            // Push and in-app were done before the email's first retry even came due.
            assert.isTrue(byChannel["webPush"]!.finished_at! < byChannel["email"]!.finished_at!)
            const [push] = yield* pushesTo("tablet")
            const [email] = yield* emailsTo(user)
            assert.isTrue(push!.receivedAt + 250 < email!.receivedAt, "the push did not wait for the email")
            assert.strictEqual((yield* (yield* Notifications).list(user.id, {})).items.length, 1)
          })
      )

      it.effect("a channel that keeps failing is given up after the last attempt and marked failed", () =>
        Effect.gen(function* () {
          const smtp = yield* SmtpCapture
          const user = yield* makeUser({ channels: ["inApp", "email"] })
          const task = yield* makeTask(user, "Renew passport")
          smtp.refuseNext(1_000)
          yield* publish(trigger(user, task.id))
          const email = yield* eventually(
            "the email delivery to fail",
            Effect.map(ledgerRow(user, "email"), (row) => (row?.status === "failed" ? row : undefined)),
            "30 seconds"
          )
          smtp.refuseNext(0)
          assert.strictEqual(email.attempts, MAX_ATTEMPTS)
          assert.include(email.last_error!, "mailbox temporarily unavailable")
          assert.strictEqual((yield* emailsTo(user)).length, 0)
          assert.strictEqual((yield* ledgerRow(user, "inApp"))!.status, "sent")
        })
      )

      it.effect("quiet hours (user's zone) defer email and push to their end; in-app is stored at once", () =>
        Effect.gen(function* () {
          // "Now" is 06:59:57 in Berlin; quiet hours 22:00–07:00 end three seconds later.
          const zone = "Europe/Berlin"
          const target = Temporal.Now.plainDateISO(zone).toZonedDateTime({
            timeZone: zone,
            plainTime: Temporal.PlainTime.from("06:59:57")
          })
          clockOffset = target.epochMilliseconds - Date.now()
          const quietEnd = target.add({ seconds: 3 }).epochMilliseconds
          try {
            const user = yield* makeUser({
              channels: ALL,
              timeZone: zone as TimeZone,
              quietHours: { start: "22:00", end: "07:00" }
            })
            yield* subscribeDevice(user, "night-phone")
            const task = yield* makeTask(user, "Take pills")
            yield* publish(trigger(user, task.id))

            // Right after the trigger: in-app is there, email and push wait for 07:00 Berlin time.
            assert.strictEqual((yield* (yield* Notifications).list(user.id, {})).items.length, 1)
            const email = (yield* ledgerRow(user, "email"))!
            const push = (yield* ledgerRow(user, "webPush"))!
            assert.strictEqual(email.status, "pending")
            assert.strictEqual(push.status, "pending")
            assert.strictEqual(email.next_attempt_at!.getTime(), quietEnd)
            assert.strictEqual(push.next_attempt_at!.getTime(), quietEnd)
            assert.strictEqual((yield* emailsTo(user)).length, 0)
            assert.strictEqual((yield* pushesTo("night-phone")).length, 0)

            // After 07:00 both go out, once.
            const rows = yield* settled(user)
            for (const row of rows) assert.strictEqual(row.status, "sent")
            for (const row of rows.filter((r) => r.channel !== "inApp"))
              assert.isTrue(row.finished_at!.getTime() >= quietEnd, `${row.channel} went out during quiet hours`)
            assert.isTrue(shiftedNow() >= quietEnd)
            assert.strictEqual((yield* emailsTo(user)).length, 1)
            assert.strictEqual((yield* pushesTo("night-phone")).length, 1)
          } finally {
            clockOffset = 0
          }
        })
      )

      it.effect("late triggers say so in every channel", () =>
        Effect.gen(function* () {
          const user = yield* makeUser({ channels: ALL })
          yield* subscribeDevice(user, "old-phone")
          const task = yield* makeTask(user, "Submit report")
          yield* publish(trigger(user, task.id, { late: true }))
          yield* settled(user)
          const [notification] = (yield* (yield* Notifications).list(user.id, {})).items
          assert.isTrue(notification!.late)
          assert.include(notification!.body, "Late reminder")
          const [email] = yield* emailsTo(user)
          assert.strictEqual(email!.subject, "Late reminder: Submit report")
          assert.include(email!.text, "This reminder is late")
          const [push] = yield* pushesTo("old-phone")
          assert.isTrue(push!.payload.late)
          assert.include(push!.payload.body, "Late reminder")
        })
      )

      it.effect("channel preferences are respected", () =>
        Effect.gen(function* () {
          const inAppOnly = yield* makeUser({ channels: ["inApp"] })
          yield* subscribeDevice(inAppOnly, "unused")
          const emailOnly = yield* makeUser({ channels: ["email"] })
          const pushOnly = yield* makeUser({ channels: ["webPush"] })
          yield* subscribeDevice(pushOnly, "push-only")
          yield* publish(trigger(inAppOnly, (yield* makeTask(inAppOnly, "A")).id))
          yield* publish(trigger(emailOnly, (yield* makeTask(emailOnly, "B")).id))
          yield* publish(trigger(pushOnly, (yield* makeTask(pushOnly, "C")).id))

          assert.deepStrictEqual(
            (yield* settled(inAppOnly)).map((row) => row.channel),
            ["inApp"]
          )
          assert.deepStrictEqual(
            (yield* settled(emailOnly)).map((row) => row.channel),
            ["email"]
          )
          assert.deepStrictEqual(
            (yield* settled(pushOnly)).map((row) => row.channel),
            ["webPush"]
          )
          assert.strictEqual((yield* (yield* Notifications).list(inAppOnly.id, {})).items.length, 1)
          assert.strictEqual((yield* (yield* Notifications).list(emailOnly.id, {})).items.length, 0)
          assert.strictEqual((yield* (yield* Notifications).list(pushOnly.id, {})).items.length, 0)
          assert.strictEqual((yield* emailsTo(inAppOnly)).length, 0)
          assert.strictEqual((yield* emailsTo(emailOnly)).length, 1)
          assert.strictEqual((yield* emailsTo(pushOnly)).length, 0)
          assert.strictEqual((yield* pushesTo("unused")).length, 0)
          assert.strictEqual((yield* pushesTo("push-only")).length, 1)
        })
      )

      it.effect("push: every device gets it; an expired subscription (410) is deleted; none at all is skipped", () =>
        Effect.gen(function* () {
          const user = yield* makeUser({ channels: ["webPush"] })
          yield* subscribeDevice(user, "desk")
          const gone = yield* subscribeDevice(user, "sold-phone")
          ;(yield* PushEndpoint).markGone("sold-phone")
          yield* publish(trigger(user, (yield* makeTask(user, "Stand-up")).id))
          const [row] = yield* settled(user)
          assert.strictEqual(row!.status, "sent")
          assert.strictEqual((yield* pushesTo("desk")).length, 1)
          const left = yield* (yield* PushSubscriptions).forUser(user.id)
          assert.deepStrictEqual(left.map((s) => s.endpoint).includes(gone.subscription.endpoint), false)
          assert.strictEqual(left.length, 1)

          const nobody = yield* makeUser({ channels: ["webPush"] })
          yield* publish(trigger(nobody, (yield* makeTask(nobody, "Nothing")).id))
          const [skipped] = yield* settled(nobody)
          assert.strictEqual(skipped!.status, "skipped")
          assert.strictEqual(skipped!.last_error, "no push subscription")
        })
      )

      it.effect("malformed and unknown events go to the dead-letter topic with the reason", () =>
        Effect.gen(function* () {
          const user = yield* makeUser({ channels: ALL })
          const good = trigger(user, Crypto.randomUUID())
          const malformed = { ...good, event_id: uuidv7(), payload: { task_id: good.payload.task_id } }
          const unknown = { ...good, event_id: uuidv7(), event_type: "reminder.snoozed" }
          const badDate = { ...good, event_id: uuidv7(), payload: { ...good.payload, fire_at: "soon" } }
          for (const event of [malformed, unknown, badDate]) yield* publish(event as EventEnvelope)

          const reasonOf = (id: string) =>
            captured.deadLetters.find((e) => e.event_id === id)?.["dead_letter_reason"] as string | undefined
          assert.include(reasonOf(malformed.event_id), "not a valid event")
          assert.include(reasonOf(malformed.event_id), "reminder_id")
          assert.include(reasonOf(unknown.event_id), "not a valid event")
          assert.include(reasonOf(badDate.event_id), "fire_at is not a date")
          for (const id of [malformed.event_id, unknown.event_id, badDate.event_id])
            assert.strictEqual(
              captured.deadLetters.find((e) => e.event_id === id)?.["dead_letter_group"],
              "notifications"
            )
          assert.strictEqual((yield* ledger(user)).length, 0)
        })
      )

      it.effect("in-app list: newest first, cursor pages, unread only, mark read and mark all read", () =>
        Effect.gen(function* () {
          const notifications = yield* Notifications
          const user = yield* makeUser({ channels: ["inApp"] })
          const task = yield* makeTask(user, "Many")
          for (let i = 0; i < 5; i++) yield* publish(trigger(user, task.id))
          const first = yield* notifications.list(user.id, { limit: 2 })
          assert.strictEqual(first.items.length, 2)
          assert.strictEqual(first.unreadCount, 5)
          const second = yield* notifications.list(user.id, { limit: 2, cursor: first.nextCursor! })
          const third = yield* notifications.list(user.id, { limit: 2, cursor: second.nextCursor! })
          assert.strictEqual(third.items.length, 1)
          assert.isNull(third.nextCursor)
          const ids = [...first.items, ...second.items, ...third.items].map((n) => n.id)
          assert.deepStrictEqual(ids, [...ids].sort().reverse(), "newest first")
          assert.strictEqual(new Set(ids).size, 5)

          const read = yield* notifications.markRead(user.id, ids[1]!)
          assert.isNotNull(read.readAt)
          const unread = yield* notifications.list(user.id, { unreadOnly: "true" })
          assert.strictEqual(unread.unreadCount, 4)
          assert.notInclude(
            unread.items.map((n) => n.id),
            ids[1]
          )
          assert.strictEqual((yield* notifications.markAllRead(user.id)).marked, 4)
          assert.strictEqual((yield* notifications.list(user.id, {})).unreadCount, 0)
        })
      )
    })
  })
