import { AccountMailer, runAccountsMigrations } from "@tickler/accounts"
import { layerAuditConsumer, runAuditMigrations } from "@tickler/audit"
import {
  EmailSender,
  WebPushSender,
  layerAccountMailer,
  layerNotificationsConsumer,
  runNotificationsMigrations
} from "@tickler/notifications"
import {
  Inbox,
  Outbox,
  layerMemoryEventBus,
  layerOutboxRelay,
  layerSqlJobScheduler,
  layerSqlStateStore,
  ROUTER_CONFIG,
  runPlatformMigrations
} from "@tickler/platform"
import { LiveFeed, layerRealtimeConsumer, runRealtimeMigrations } from "@tickler/realtime"
import { layerRecurrenceConsumer } from "@tickler/recurrence"
import { Reminders, layerRemindersConsumer, runRemindersMigrations } from "@tickler/reminders"
import { ApiModules, ApiRoutes } from "@tickler/server"
import type { TestDatabase } from "@tickler/platform/testing"
import { runTasksMigrations } from "@tickler/tasks"
import { ConfigProvider, Effect, Layer, ManagedRuntime } from "effect"
import { SqlClient } from "effect/sql"
import { HttpRouter, HttpServer } from "effect/http"

export interface ApiResponse {
  readonly status: number
  readonly body: any
  readonly headers: Headers
}

export interface RequestOptions {
  readonly token?: string
  readonly body?: unknown
  readonly rawBody?: string
  readonly headers?: Record<string, string>
}

export interface TestAppOptions {
  /** Account mail goes to this SMTP port (a `SmtpCapture`); without it there is no way to mail. */
  readonly smtpPort?: number
  /** Also runs the event consumers (activity, reminders, recurrence, notifications, live feed) as `dev` does. */
  readonly consumers?: boolean
  /** More configuration, as environment variables (e.g. VAPID keys, so Web Push is configured). */
  readonly env?: Record<string, string>
}

/** The consumers of the `dev` profile on the in-process bus, with the relay feeding them. */
const Consumers = layerOutboxRelay({ pollInterval: "20 millis" }).pipe(
  Layer.provide(
    Layer.mergeAll(
      layerAuditConsumer,
      layerRecurrenceConsumer,
      layerRemindersConsumer,
      layerRealtimeConsumer(),
      layerNotificationsConsumer()
    )
  ),
  Layer.provide(
    Layer.mergeAll(LiveFeed.layer, Reminders.layer, EmailSender.layerDisabled, WebPushSender.layerDisabled)
  ),
  Layer.provide(Layer.mergeAll(layerMemoryEventBus, layerSqlJobScheduler, Inbox.layer))
)

/**
 * The whole REST API over a fresh database, driven through real HTTP requests and responses
 * (the web-standard handler skips only the socket); with its consumers if asked.
 */
export const makeTestApp = (database: TestDatabase, options: TestAppOptions = {}) => {
  const config = ConfigProvider.layer(
    ConfigProvider.fromUnknown({
      TICKLER_AUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
      TICKLER_PUBLIC_URL: "http://127.0.0.1:4100",
      ...options.env
    })
  )
  const mailer =
    options.smtpPort === undefined
      ? AccountMailer.layerNone
      : layerAccountMailer(AccountMailer.layerNone).pipe(
          Layer.provide(
            EmailSender.layerSmtp({
              host: "127.0.0.1",
              port: options.smtpPort,
              from: "Tickler <accounts@tickler.test>"
            })
          )
        )
  const app = (options.consumers ? Layer.merge(ApiRoutes, Consumers) : ApiRoutes).pipe(
    Layer.provide(ApiModules),
    Layer.provide(mailer),
    Layer.provide(Layer.merge(Outbox.layer, layerSqlStateStore)),
    Layer.provide(
      Layer.effectDiscard(
        Effect.all([
          runPlatformMigrations,
          runTasksMigrations,
          runAccountsMigrations,
          runAuditMigrations,
          runNotificationsMigrations,
          runRemindersMigrations,
          runRealtimeMigrations
        ])
      )
    ),
    Layer.provide(database.layer),
    Layer.provide([HttpServer.layerServices, config])
  )
  // One memo map: the database the queries below see is the one the API writes to.
  const memoMap = Effect.runSync(Layer.makeMemoMap)
  const { handler, dispose: disposeHandler } = HttpRouter.toWebHandler(app, {
    disableLogger: true,
    routerConfig: ROUTER_CONFIG,
    memoMap
  })
  const databaseRuntime = ManagedRuntime.make(database.layer, { memoMap })
  /** Runs SQL on the app's database, to check what it stored (or erased). */
  const query = <A>(statement: (sql: SqlClient.SqlClient) => Effect.Effect<A, unknown>): Promise<A> =>
    databaseRuntime.runPromise(SqlClient.SqlClient.use(statement))
  const dispose = async () => {
    await disposeHandler()
    await databaseRuntime.dispose()
  }

  const call = async (method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> => {
    const headers = new Headers(options.headers)
    if (options.token !== undefined) headers.set("authorization", `Bearer ${options.token}`)
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body))
    if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json")
    const response = await handler(
      new Request(`http://127.0.0.1:4100/api${path}`, { method, headers, ...(body === undefined ? {} : { body }) })
    )
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined
    } catch {
      // not JSON (e.g. the docs page): keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers }
  }

  let accounts = 0
  /** Signs up a new user and returns their bearer token. */
  const signUp = async (timeZone = "UTC"): Promise<string> => {
    accounts += 1
    const response = await call("POST", "/auth/sign-up", {
      body: {
        email: `user${accounts}-${Math.random().toString(36).slice(2)}@example.com`,
        password: "correct horse battery",
        timeZone
      }
    })
    if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`)
    return response.body.token
  }

  return { call, signUp, query, dispose }
}
export type TestApp = ReturnType<typeof makeTestApp>
