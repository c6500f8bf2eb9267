import { Config, Context, Effect, Layer, Redacted, Schema } from "effect"

/** The sidecar could not be reached, or answered something this client did not expect. */
export class DaprError extends Schema.TaggedError<DaprError>()("DaprError", {
  message: Schema.String,
  status: Schema.optional(Schema.Number),
  cause: Schema.Defect()
}) {}

export interface DaprResponse {
  readonly status: number
  readonly headers: Headers
  readonly text: string
}

export interface DaprSidecarOptions {
  /** daprd's HTTP API port on 127.0.0.1 (`DAPR_HTTP_PORT`). */
  readonly httpPort: number
  /** Sent as `dapr-api-token` on every call (`DAPR_API_TOKEN`). */
  readonly apiToken: Redacted.Redacted<string>
  /** What daprd presents to this app in `dapr-api-token` (`APP_API_TOKEN`); app routes require it. */
  readonly appApiToken: Redacted.Redacted<string>
}

/**
 * The app's own daprd, over its HTTP API on loopback. Plain `fetch` rather than @dapr/dapr 3.18.0:
 * the SDK has no Jobs client, brings its own HTTP server (we already have effect/http's) and a
 * second retry/timeout policy; the handful of endpoints we call are stable, small JSON contracts.
 */
export class DaprSidecar extends Context.Service<
  DaprSidecar,
  {
    readonly request: (
      method: "GET" | "POST" | "PUT" | "DELETE",
      path: string,
      options?: { readonly body?: unknown; readonly headers?: Record<string, string> }
    ) => Effect.Effect<DaprResponse, DaprError>
    /** True when `token` is the app API token daprd presents to this app. */
    readonly isFromSidecar: (token: string | undefined) => boolean
  }
>()("tickler/platform/DaprSidecar") {
  static readonly make = (options: DaprSidecarOptions) =>
    DaprSidecar.of({
      request: Effect.fn("DaprSidecar.request")(function* (method, path, request) {
        const body = request?.body
        const response = yield* Effect.tryPromise({
          try: async (signal) => {
            const res = await fetch(`http://127.0.0.1:${options.httpPort}${path}`, {
              method,
              signal,
              headers: {
                "dapr-api-token": Redacted.value(options.apiToken),
                ...(body === undefined ? {} : { "content-type": "application/json" }),
                ...request?.headers
              },
              ...(body === undefined ? {} : { body: JSON.stringify(body) })
            })
            return { status: res.status, headers: res.headers, text: await res.text() }
          },
          catch: (cause) => new DaprError({ message: `${method} ${path}: daprd unreachable`, cause })
        })
        return response
      }),
      isFromSidecar: (token) => token !== undefined && timingSafeEqual(token, Redacted.value(options.appApiToken))
    })

  /** From the environment the stack (or the Dapr injector) gives the app. */
  static readonly layer = Layer.effect(
    DaprSidecar,
    Effect.gen(function* () {
      const httpPort = yield* Config.Int("DAPR_HTTP_PORT").pipe(Config.withDefault(3500))
      const apiToken = yield* Config.Redacted("DAPR_API_TOKEN")
      const appApiToken = yield* Config.Redacted("APP_API_TOKEN")
      return DaprSidecar.make({ httpPort, apiToken, appApiToken })
    })
  )

  static readonly layerOptions = (options: DaprSidecarOptions) => Layer.succeed(DaprSidecar, DaprSidecar.make(options))
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
const timingSafeEqual = (a: string, b: string) => {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/** Fails unless the response has one of the expected statuses. */
export const expectStatus =
  (what: string, ...ok: ReadonlyArray<number>) =>
  (response: DaprResponse): Effect.Effect<DaprResponse, DaprError> =>
    ok.includes(response.status)
      ? Effect.succeed(response)
      : Effect.fail(
          new DaprError({
            message: `${what}: daprd answered ${response.status} ${response.text.slice(0, 300)}`,
            status: response.status,
            cause: undefined
          })
        )

export const parseJson = (text: string): unknown => {
  try {
    return text === "" ? undefined : JSON.parse(text)
  } catch {
    return text
  }
}
