import { Accounts } from "@tickler/accounts"
import { AccountDeleted, type NotificationChannel, ReminderTrigger, Topics, uuidv7 } from "@tickler/domain"
import { EventBus, EventRejected, Inbox, JobScheduler, decodeEvent } from "@tickler/platform"
import { Tasks, UserSettingsStore } from "@tickler/tasks"
import { Clock, Config, Duration, Effect, Layer, Metric, Option, Schedule, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { EmailSender } from "./EmailSender.ts"
import { type ReminderMessage, renderReminder } from "./Message.ts"
import { Notifications } from "./Notifications.ts"
import { PushSubscriptions } from "./PushSubscriptions.ts"
import { quietHoursEnd } from "./QuietHours.ts"
import { WebPushSender } from "./WebPushSender.ts"

/** Jobs named `notify:<delivery id>` send one channel of one reminder occurrence. */
export const JOB_PREFIX = "notify:"
const CONSUMER = "notifications"
/** `last_error` of a delivery whose attempt's claim expired: the message may have gone out already. */
export const ATTEMPT_CUT_OFF = "an attempt was cut off (its claim expired); sent again"

export interface NotificationsConsumerOptions {
  /** Attempts per channel before the delivery is marked failed (default 8). */
  readonly maxAttempts?: number
  /** The first retry waits this long, doubling each time (default 10 seconds)... */
  readonly retryBase?: Duration.Input
  /** ...up to this (default 30 minutes). */
  readonly retryMax?: Duration.Input
  /** How long a push service keeps a reminder for an offline device (default one day). */
  readonly pushTtlSeconds?: number
  /** Where the app is served, for links in emails (default `TICKLER_PUBLIC_URL`, else http://127.0.0.1:4100). */
  readonly publicUrl?: string
  /** How often pending deliveries whose job went missing are rescheduled (default one minute). */
  readonly sweepInterval?: Duration.Input
  /**
   * How long an attempt may hold its claim on a delivery before the sweep takes it for a crashed
   * process's and sends again (default two minutes; longer than a send plus recording its outcome).
   */
  readonly claimLease?: Duration.Input
}

/** A delivery that could not be made this time; retried with backoff, or failed after the last attempt. */
class DeliveryFailed extends Schema.TaggedError<DeliveryFailed>()("DeliveryFailed", { message: Schema.String }) {}
/** Nothing to send on this channel (not configured, no subscription): final, not retried. */
class DeliverySkipped extends Schema.TaggedError<DeliverySkipped>()("DeliverySkipped", { reason: Schema.String }) {}

interface DeliveryRow {
  readonly id: string
  readonly user_id: string
  readonly channel: NotificationChannel
  readonly message: ReminderMessage | string
  readonly attempts: number
  readonly sent_endpoints: ReadonlyArray<string>
}

const CHANNEL_ORDER: ReadonlyArray<NotificationChannel> = ["inApp", "email", "webPush"]

const deliveries = Metric.counter("tickler_notification_deliveries_total", {
  description: "Reminder deliveries by channel and outcome (sent, skipped, failed, retry)"
})
const countDelivery = (channel: NotificationChannel, outcome: "sent" | "skipped" | "failed" | "retry", by = 1) =>
  Metric.update(Metric.withAttributes(deliveries, { channel, outcome }), by)

/**
 * Validates an event on `reminders` (a trigger, or a deleted account). The rejection's reason is also its
 * message, so a dead-letter record that prints the failure (the in-memory bus does) carries the reason.
 */
const decodeReminderMessage = decodeEvent(Schema.Union([ReminderTrigger, AccountDeleted]))
const decodeMessage = (raw: unknown) =>
  decodeReminderMessage(raw).pipe(Effect.mapError((error) => rejected(error.reason)))

const rejected = (reason: string) => Object.assign(new EventRejected({ reason }), { message: reason })

/**
 * Delivers `reminder.trigger` events once per reminder occurrence and channel. The trigger's consumer
 * writes a ledger row per channel (unique on reminder, occurrence and channel) in the same transaction
 * as its inbox row; in-app notifications are stored right there, email and Web Push get a job each
 * (deferred to the end of the user's quiet hours), so a slow or failing channel never holds up another.
 * A failing send is retried with exponential backoff and marked failed after the last attempt.
 *
 * Requires the channels (`EmailSender`, `WebPushSender`), the tasks module (`Tasks`, `UserSettingsStore`),
 * `Accounts`, and the platform (`EventBus`, `JobScheduler`, `Inbox`, `Outbox`, `SqlClient`).
 */
export const layerNotificationsConsumer = (options: NotificationsConsumerOptions = {}) =>
  Layer.effectDiscard(
    Effect.gen(function* () {
      const bus = yield* EventBus
      const inbox = yield* Inbox
      const jobs = yield* JobScheduler
      const sql = yield* SqlClient.SqlClient
      const notifications = yield* Notifications
      const subscriptions = yield* PushSubscriptions
      const email = yield* EmailSender
      const push = yield* WebPushSender
      const settingsStore = yield* UserSettingsStore
      const tasks = yield* Tasks
      const accounts = yield* Accounts

      const maxAttempts = options.maxAttempts ?? 8
      const retryBase = Duration.toMillis(Duration.fromInputUnsafe(options.retryBase ?? "10 seconds"))
      const retryMax = Duration.toMillis(Duration.fromInputUnsafe(options.retryMax ?? "30 minutes"))
      const claimLease = Duration.toMillis(Duration.fromInputUnsafe(options.claimLease ?? "2 minutes"))
      const pushTtlSeconds = options.pushTtlSeconds ?? 24 * 60 * 60
      const publicUrl =
        options.publicUrl ??
        (yield* Config.String("TICKLER_PUBLIC_URL").pipe(Config.withDefault("http://127.0.0.1:4100")))
      const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

      /** Erases the user's notifications, ledger and push subscriptions; pending sends are called off. */
      const onAccountDeleted = Effect.fn("Notifications.onAccountDeleted")(function* (userId: string) {
        const pending = yield* sql.withTransaction(
          Effect.gen(function* () {
            yield* sql`delete from notifications where user_id = ${userId}`
            yield* sql`delete from push_subscriptions where user_id = ${userId}`
            return yield* sql<{ readonly id: string; readonly status: string }>`
              delete from notification_deliveries where user_id = ${userId} returning id, status`.pipe(
              Effect.map((rows) => rows.filter((row) => row.status === "pending"))
            )
          })
        )
        // A job that fires all the same finds no delivery and sends nothing.
        yield* Effect.forEach(pending, (row) => jobs.cancel(`${JOB_PREFIX}${row.id}`), { discard: true })
      })

      const onMessage = Effect.fn("Notifications.onMessage")(function* (raw: unknown) {
        const message = yield* decodeMessage(raw)
        if (message.event_type === "account.deleted") return yield* onAccountDeleted(message.user_id)
        yield* onTrigger(message)
      })

      const onTrigger = Effect.fn("Notifications.onTrigger")(function* (event: ReminderTrigger) {
        const fireAt = new Date(event.payload.fire_at)
        if (Number.isNaN(fireAt.getTime()))
          return yield* Effect.fail(rejected(`payload.fire_at is not a date: ${event.payload.fire_at}`))
        const jobsToSchedule: Array<{ readonly name: string; readonly at: Date }> = []
        yield* inbox.once(
          CONSUMER,
          event.event_id,
          Effect.gen(function* () {
            const task = yield* Effect.option(tasks.get(event.user_id, event.payload.task_id))
            if (Option.isNone(task) || task.value.status === "completed") {
              yield* Effect.logInfo(`reminder ${event.payload.reminder_id}: task gone or completed, nothing sent`)
              return
            }
            const settings = yield* settingsStore.get(event.user_id)
            const at = yield* now
            const message = renderReminder({
              task: task.value,
              reminderId: event.payload.reminder_id,
              dueDate: event.payload.due_date,
              fireAt: event.payload.fire_at,
              late: event.payload.late,
              timeZone: settings.timeZone,
              baseUrl: publicUrl
            })
            // Email and push wait for the end of quiet hours; in-app is stored at once (it makes no sound).
            const sendAt = quietHoursEnd(at, settings.timeZone, settings.quietHours) ?? at
            for (const channel of CHANNEL_ORDER) {
              if (!settings.channels.includes(channel)) continue
              const id = uuidv7(at.getTime())
              const inApp = channel === "inApp"
              const inserted = yield* sql<{ readonly id: string }>`
                insert into notification_deliveries
                  (id, user_id, task_id, reminder_id, fire_at, channel, message, status, attempts, next_attempt_at,
                   created_at, finished_at)
                values (${id}, ${event.user_id}, ${event.payload.task_id}, ${event.payload.reminder_id}, ${fireAt},
                        ${channel}, ${JSON.stringify(message)}::jsonb, ${inApp ? "sent" : "pending"}, ${inApp ? 1 : 0},
                        ${inApp ? null : sendAt}, ${at}, ${inApp ? at : null})
                on conflict (reminder_id, fire_at, channel) do nothing
                returning id`
              // Already in the ledger: another trigger of this occurrence got here first.
              if (inserted.length === 0) continue
              if (inApp) {
                yield* countDelivery(channel, "sent")
                yield* notifications.create({
                  userId: event.user_id,
                  taskId: event.payload.task_id,
                  reminderId: event.payload.reminder_id,
                  fireAt,
                  title: message.title,
                  body: message.body,
                  late: event.payload.late,
                  correlationId: event.correlation_id
                })
              } else {
                jobsToSchedule.push({ name: `${JOB_PREFIX}${id}`, at: sendAt })
              }
            }
          })
        )
        // Jobs only act on committed ledger rows, so they are made after the commit; the sweep below
        // reschedules any whose scheduling was lost to a crash in between.
        yield* Effect.forEach(jobsToSchedule, (job) => jobs.schedule({ ...job, data: null }), { discard: true })
      })

      const sendEmail = Effect.fn("Notifications.sendEmail")(function* (row: DeliveryRow, message: ReminderMessage) {
        if (!email.enabled) return yield* Effect.fail(new DeliverySkipped({ reason: "no SMTP server configured" }))
        const user = yield* accounts.findUser(row.user_id)
        if (Option.isNone(user)) return yield* Effect.fail(new DeliverySkipped({ reason: "the user no longer exists" }))
        // Turned on before addresses were verified: still only to an address its owner confirmed.
        if (!user.value.emailVerified)
          return yield* Effect.fail(new DeliverySkipped({ reason: "the email address is not verified" }))
        yield* email
          .send({ id: row.id, to: user.value.email, subject: message.subject, text: message.text })
          .pipe(Effect.mapError((error) => new DeliveryFailed({ message: error.message })))
      })

      const sendPush = Effect.fn("Notifications.sendPush")(function* (row: DeliveryRow, message: ReminderMessage) {
        if (!push.enabled) return yield* Effect.fail(new DeliverySkipped({ reason: "no VAPID keys configured" }))
        const all = yield* subscriptions.forUser(row.user_id)
        // A retry only sends to the devices that did not get it yet.
        const targets = all.filter((subscription) => !row.sent_endpoints.includes(subscription.endpoint))
        if (targets.length === 0 && row.sent_endpoints.length === 0)
          return yield* Effect.fail(new DeliverySkipped({ reason: "no push subscription" }))
        const payload = JSON.stringify({
          type: "reminder",
          title: message.title,
          body: message.body,
          taskId: message.taskId,
          reminderId: message.reminderId,
          late: message.late,
          url: message.url
        })
        const failures: Array<string> = []
        let sent = row.sent_endpoints.length
        yield* Effect.forEach(
          targets,
          (target) =>
            push
              .send(target, payload, {
                ttlSeconds: pushTtlSeconds,
                urgency: "high",
                topic: message.reminderId.replaceAll("-", "").slice(0, 32)
              })
              .pipe(
                Effect.andThen(() => {
                  sent += 1
                  return record(sql`update notification_deliveries
                    set sent_endpoints = array_append(sent_endpoints, ${target.endpoint}) where id = ${row.id}`)
                }),
                Effect.catchTag("SubscriptionGone", (gone) =>
                  Effect.logInfo(`push subscription gone (${gone.status}); deleting it`).pipe(
                    Effect.andThen(subscriptions.expire(gone.endpoint))
                  )
                ),
                Effect.catchTag("PushFailed", (error) => Effect.sync(() => failures.push(error.message)))
              ),
          { concurrency: 4, discard: true }
        )
        if (failures.length > 0) return yield* Effect.fail(new DeliveryFailed({ message: failures.join("; ") }))
        if (sent === 0)
          return yield* Effect.fail(new DeliverySkipped({ reason: "every push subscription had expired" }))
      })

      /**
       * Records what a send did. The message is out already, so the record must not be lost to a database
       * that is briefly away (restarting, failing over): it is retried for half the claim lease, within
       * which no other attempt may take the delivery.
       */
      const record = <A, E, R>(statement: Effect.Effect<A, E, R>) =>
        statement.pipe(
          Effect.tapError((error) => Effect.logWarning("cannot record a delivery's outcome yet; retrying", error)),
          Effect.retry(Schedule.spaced("500 millis").pipe(Schedule.upTo({ duration: claimLease / 2 })))
        )

      const finish = (id: string, status: "sent" | "failed" | "skipped", error: string | null) =>
        Effect.flatMap(now, (at) =>
          record(sql`update notification_deliveries set status = ${status},
            finished_at = ${at}, next_attempt_at = null, claimed_at = null, last_error = coalesce(${error}, last_error)
            where id = ${id} and status = 'sending'`)
        )

      const deliver = Effect.fn("Notifications.deliver")(function* (jobName: string) {
        const id = jobName.slice(JOB_PREFIX.length)
        const [pending] = yield* sql<{ readonly user_id: string; readonly channel: NotificationChannel }>`
          select user_id, channel from notification_deliveries where id = ${id} and status = 'pending'`
        // Done, or another attempt holds it (its outcome, or the sweep, takes it from there).
        if (pending === undefined) return
        const settings = yield* settingsStore.get(pending.user_id)
        const at = yield* now
        // Quiet hours may have been set (or moved) since the trigger: wait for their end.
        const quietEnd = quietHoursEnd(at, settings.timeZone, settings.quietHours)
        if (quietEnd !== null && settings.channels.includes(pending.channel)) {
          yield* sql`update notification_deliveries set next_attempt_at = ${quietEnd} where id = ${id}`
          return yield* jobs.schedule({ name: jobName, at: quietEnd, data: null })
        }
        // The claim commits before anything is sent: of two attempts racing on one delivery, one sends.
        const [row] = yield* sql<DeliveryRow>`
          update notification_deliveries set status = 'sending', claimed_at = ${at}, attempts = attempts + 1
          where id = ${id} and status = 'pending'
          returning id, user_id, channel, message, attempts, sent_endpoints`
        if (row === undefined) return
        if (!settings.channels.includes(row.channel)) {
          yield* countDelivery(row.channel, "skipped")
          return yield* finish(id, "skipped", "channel turned off")
        }
        const message: ReminderMessage = typeof row.message === "string" ? JSON.parse(row.message) : row.message
        const outcome = yield* Effect.result(row.channel === "email" ? sendEmail(row, message) : sendPush(row, message))
        if (outcome._tag === "Success") {
          yield* countDelivery(row.channel, "sent")
          return yield* finish(id, "sent", null)
        }
        const error = outcome.failure
        if (error._tag === "DeliverySkipped") {
          yield* Effect.logInfo(`${row.channel} for delivery ${id} skipped: ${error.reason}`)
          yield* countDelivery(row.channel, "skipped")
          return yield* finish(id, "skipped", error.reason)
        }
        const { attempts } = row
        if (attempts >= maxAttempts) {
          yield* Effect.logWarning(`${row.channel} delivery ${id} failed after ${attempts} attempts: ${error.message}`)
          yield* countDelivery(row.channel, "failed")
          return yield* finish(id, "failed", error.message)
        }
        yield* countDelivery(row.channel, "retry")
        const retryAt = new Date(at.getTime() + Math.min(retryMax, retryBase * 2 ** (attempts - 1)))
        yield* Effect.logWarning(
          `${row.channel} delivery ${id} failed (attempt ${attempts}); retrying at ${retryAt.toISOString()}: ${error.message}`
        )
        yield* record(sql`update notification_deliveries set status = 'pending', claimed_at = null,
          next_attempt_at = ${retryAt}, last_error = ${error.message}
          where id = ${id} and status = 'sending'`)
        yield* jobs.schedule({ name: jobName, at: retryAt, data: null })
      })

      // Safety net: a claim older than the lease was left by a process that died mid-attempt, and is
      // handed back (the message may have gone out: a resend carries the same Message-ID); a pending
      // delivery whose job should have run a minute ago gets its job again.
      const sweep = Effect.gen(function* () {
        const at = yield* now
        const abandoned = yield* sql<{ readonly id: string }>`
          update notification_deliveries set status = 'pending', claimed_at = null, next_attempt_at = ${at},
            last_error = ${ATTEMPT_CUT_OFF}
          where status = 'sending' and claimed_at < ${new Date(at.getTime() - claimLease)}
          returning id`
        const stale = yield* sql<{ readonly id: string }>`
          select id from notification_deliveries
          where status = 'pending' and next_attempt_at < ${new Date(at.getTime() - 60_000)} limit 500`
        yield* Effect.forEach(
          [...abandoned, ...stale],
          (row) => jobs.schedule({ name: `${JOB_PREFIX}${row.id}`, at, data: null }),
          { discard: true }
        )
      })

      // Failures counted from zero: `increase()` (the dashboard) then sees the first one too.
      yield* Effect.forEach(CHANNEL_ORDER, (channel) => countDelivery(channel, "failed", 0), { discard: true })
      yield* bus.subscribe({ topic: Topics.reminders, group: CONSUMER, handle: onMessage })
      // Uninterruptible: when a sidecar dies mid-request the HTTP server interrupts its handler; an
      // attempt whose email already went out must still record it, or the redelivered job sends it again.
      yield* jobs.onFire(JOB_PREFIX, (job) => Effect.uninterruptible(deliver(job.name)))
      yield* sweep.pipe(
        Effect.catchCause((cause) => Effect.logWarning("notification sweep failed", cause)),
        Effect.repeat(Schedule.spaced(options.sweepInterval ?? "1 minute")),
        Effect.forkScoped
      )
    })
  ).pipe(Layer.provide(Layer.mergeAll(Notifications.layer, PushSubscriptions.layer)))

/** Email over SMTP and Web Push, each configured from the environment (and Secrets) or disabled. */
export const layerNotificationChannels = Layer.mergeAll(EmailSender.layerConfig, WebPushSender.layerConfig)
