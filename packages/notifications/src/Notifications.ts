import {
  MarkedRead,
  Notification,
  NotificationNotFound,
  NotificationPage,
  type ListNotificationsQuery
} from "@tickler/api"
import { SCHEMA_VERSION, Topics, uuidv7 } from "@tickler/domain"
import { Outbox } from "@tickler/platform"
import { Clock, Context, DateTime, Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"

interface NotificationRow {
  readonly id: string
  readonly task_id: string
  readonly reminder_id: string
  readonly fire_at: Date
  readonly title: string
  readonly body: string
  readonly late: boolean
  readonly created_at: Date
  readonly read_at: Date | null
}

const fromRow = (row: NotificationRow) =>
  new Notification({
    id: row.id,
    taskId: row.task_id,
    reminderId: row.reminder_id,
    title: row.title,
    body: row.body,
    late: row.late,
    fireAt: DateTime.fromDateUnsafe(row.fire_at),
    createdAt: DateTime.fromDateUnsafe(row.created_at),
    readAt: row.read_at === null ? null : DateTime.fromDateUnsafe(row.read_at)
  })

const encodeNotification = Schema.encodeSync(Notification)

export interface NewNotification {
  readonly userId: string
  readonly taskId: string
  readonly reminderId: string
  readonly fireAt: Date
  readonly title: string
  readonly body: string
  readonly late: boolean
  /** Carried into the `notification.created` event. */
  readonly correlationId: string
}

const DEFAULT_LIMIT = 50

/** In-app notifications: stored, listed newest first, marked read; each new one is announced on `task-updates`. */
export class Notifications extends Context.Service<
  Notifications,
  {
    /**
     * Stores a notification and appends its `notification.created` event to the outbox in the same
     * transaction (the caller's, when there is one), so live clients hear of it exactly when it exists.
     */
    readonly create: (input: NewNotification) => Effect.Effect<Notification>
    readonly list: (userId: string, query: ListNotificationsQuery) => Effect.Effect<NotificationPage>
    readonly markRead: (userId: string, id: string) => Effect.Effect<Notification, NotificationNotFound>
    readonly markAllRead: (userId: string) => Effect.Effect<MarkedRead>
  }
>()("tickler/notifications/Notifications") {
  static readonly layer = Layer.effect(
    Notifications,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const outbox = yield* Outbox

      const create = Effect.fn("Notifications.create")(function* (input: NewNotification) {
        const now = yield* Clock.currentTimeMillis
        const id = uuidv7(now)
        const [row] = yield* sql.withTransaction(
          Effect.gen(function* () {
            const rows = yield* sql<NotificationRow>`
              insert into notifications (id, user_id, task_id, reminder_id, fire_at, title, body, late, created_at)
              values (${id}, ${input.userId}, ${input.taskId}, ${input.reminderId}, ${input.fireAt}, ${input.title},
                      ${input.body}, ${input.late}, ${new Date(now)})
              returning id, task_id, reminder_id, fire_at, title, body, late, created_at, read_at`
            const notification = fromRow(rows[0]!)
            yield* outbox.append(Topics.taskUpdates, input.userId, {
              event_id: uuidv7(now),
              event_type: "notification.created",
              user_id: input.userId,
              timestamp: new Date(now).toISOString(),
              schema_version: SCHEMA_VERSION,
              correlation_id: input.correlationId,
              payload: { task_id: input.taskId, notification_id: id, notification: encodeNotification(notification) }
            })
            return rows
          })
        )
        return fromRow(row!)
      }, Effect.orDie)

      const unreadCount = (userId: string) =>
        sql<{ readonly count: number | string }>`
          select count(*)::int as count from notifications where user_id = ${userId} and read_at is null`.pipe(
          Effect.map((rows) => Number(rows[0]?.count ?? 0))
        )

      const list = Effect.fn("Notifications.list")(function* (userId: string, query: ListNotificationsQuery) {
        const limit = query.limit ?? DEFAULT_LIMIT
        const rows = yield* sql<NotificationRow>`
          select id, task_id, reminder_id, fire_at, title, body, late, created_at, read_at from notifications
          where user_id = ${userId}
            ${query.cursor === undefined ? sql`` : sql`and id < ${query.cursor}`}
            ${query.unreadOnly === "true" ? sql`and read_at is null` : sql``}
          order by id desc limit ${limit + 1}`
        const page = rows.slice(0, limit)
        return new NotificationPage({
          items: page.map(fromRow),
          nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
          unreadCount: yield* unreadCount(userId)
        })
      }, Effect.orDie)

      const markRead = Effect.fn("Notifications.markRead")(function* (userId: string, id: string) {
        // Not a UUID: certainly not one of ours (and not a query the database should see).
        const valid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
        const rows = valid
          ? yield* sql<NotificationRow>`
                update notifications set read_at = coalesce(read_at, ${new Date(yield* Clock.currentTimeMillis)})
                where id = ${id} and user_id = ${userId}
                returning id, task_id, reminder_id, fire_at, title, body, late, created_at, read_at`.pipe(Effect.orDie)
          : []
        if (rows[0] === undefined) return yield* Effect.fail(NotificationNotFound.of(id))
        return fromRow(rows[0])
      })

      const markAllRead = Effect.fn("Notifications.markAllRead")(function* (userId: string) {
        const rows = yield* sql<{ readonly id: string }>`
          update notifications set read_at = ${new Date(yield* Clock.currentTimeMillis)}
          where user_id = ${userId} and read_at is null returning id`
        return new MarkedRead({ marked: rows.length })
      }, Effect.orDie)

      return Notifications.of({ create, list, markRead, markAllRead })
    })
  )
}
