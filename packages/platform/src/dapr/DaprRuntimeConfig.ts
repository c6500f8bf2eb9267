import { Effect, Layer, Option, Queue, Stream } from "effect"
import { HttpServerResponse } from "effect/http"
import { RuntimeConfig } from "../ports/RuntimeConfig.ts"
import { addDaprAppRoute, pathAfter } from "./DaprAppRoute.ts"
import { DaprSidecar, expectStatus, parseJson } from "./DaprSidecar.ts"

interface ConfigItems {
  readonly [key: string]: { readonly value?: string } | undefined
}

/**
 * RuntimeConfig on a Dapr configuration store (`configstore`: configuration.postgresql, NOTIFY on
 * change). `get` reads the current value; `watch` subscribes through daprd, which then POSTs every
 * change to `/configuration/<store>/<key>` on this app; the subscription ends with the scope.
 * A store that cannot be read is a defect: settings are needed to run at all.
 */
export const layerDaprRuntimeConfig = (storeName = "configstore") =>
  Layer.effect(
    RuntimeConfig,
    Effect.gen(function* () {
      const sidecar = yield* DaprSidecar
      const watchers = new Map<string, { readonly key: string; readonly queue: Queue.Queue<Option.Option<string>> }>()
      const base = `/v1.0/configuration/${storeName}`

      const get = Effect.fn("RuntimeConfig.get")(function* (key: string) {
        const response = yield* sidecar
          .request("GET", `${base}?key=${encodeURIComponent(key)}`)
          .pipe(Effect.flatMap(expectStatus(`configuration ${key}`, 200, 204)), Effect.orDie)
        const items = (parseJson(response.text) ?? {}) as ConfigItems
        return Option.fromNullishOr(items[key]?.value)
      })

      const watch = Effect.fn("RuntimeConfig.watch")(function* (key: string) {
        const queue = yield* Queue.unbounded<Option.Option<string>>()
        const response = yield* sidecar
          .request("GET", `${base}/subscribe?key=${encodeURIComponent(key)}`)
          .pipe(Effect.flatMap(expectStatus(`subscribe to ${key}`, 200)), Effect.orDie)
        const id = String((parseJson(response.text) as { id?: unknown } | undefined)?.id ?? "")
        yield* Effect.acquireRelease(
          Effect.sync(() => watchers.set(id, { key, queue })),
          () =>
            Effect.gen(function* () {
              watchers.delete(id)
              yield* Queue.shutdown(queue)
              yield* sidecar.request("GET", `${base}/${encodeURIComponent(id)}/unsubscribe`).pipe(Effect.ignore)
            })
        )
        // Read after subscribing, so a change in between is not missed (it may show up twice).
        const current = yield* get(key)
        return Stream.concat(Stream.make(current), Stream.fromQueue(queue))
      })

      yield* addDaprAppRoute("POST", `/configuration/${storeName}/*`, (request) =>
        Effect.gen(function* () {
          const key = pathAfter(request, `/configuration/${storeName}/`)
          const body = parseJson(yield* Effect.orElseSucceed(request.text, () => "")) as
            | { readonly id?: string; readonly items?: ConfigItems }
            | undefined
          for (const [id, watcher] of watchers) {
            if ((body?.id !== undefined && id !== body.id) || watcher.key !== key) continue
            const item = body?.items?.[key]
            Queue.offerUnsafe(watcher.queue, Option.fromNullishOr(item?.value))
          }
          return HttpServerResponse.empty({ status: 200 })
        })
      )

      return RuntimeConfig.of({ get, watch })
    })
  )
