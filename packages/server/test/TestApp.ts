import { runAccountsMigrations } from "@tickler/accounts"
import { runAuditMigrations } from "@tickler/audit"
import { runNotificationsMigrations } from "@tickler/notifications"
import { Outbox, layerSqlStateStore, runPlatformMigrations } from "@tickler/platform"
import { ApiModules, ApiRoutes } from "@tickler/server"
import type { TestDatabase } from "@tickler/platform/testing"
import { runTasksMigrations } from "@tickler/tasks"
import { ConfigProvider, Effect, Layer } from "effect"
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

/**
 * The whole REST API over a fresh database, driven through real HTTP requests and responses
 * (the web-standard handler skips only the socket).
 */
export const makeTestApp = (database: TestDatabase) => {
  const config = ConfigProvider.layer(
    ConfigProvider.fromUnknown({
      TICKLER_AUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
      TICKLER_PUBLIC_URL: "http://127.0.0.1:4100"
    })
  )
  const app = ApiRoutes.pipe(
    Layer.provide(ApiModules),
    Layer.provide(Layer.merge(Outbox.layer, layerSqlStateStore)),
    Layer.provide(
      Layer.effectDiscard(
        Effect.all([
          runPlatformMigrations,
          runTasksMigrations,
          runAccountsMigrations,
          runAuditMigrations,
          runNotificationsMigrations
        ])
      )
    ),
    Layer.provide(database.layer),
    Layer.provide([HttpServer.layerServices, config])
  )
  const { handler, dispose } = HttpRouter.toWebHandler(app, { disableLogger: true })

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

  return { call, signUp, dispose }
}
export type TestApp = ReturnType<typeof makeTestApp>
