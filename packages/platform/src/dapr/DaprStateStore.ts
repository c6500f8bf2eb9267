import { Effect, Layer, Option } from "effect"
import { StateConflict, type StateEntry, StateStore, StateStoreError } from "../ports/StateStore.ts"
import { DaprSidecar, expectStatus, parseJson } from "./DaprSidecar.ts"

/**
 * StateStore on Dapr state (`statestore`, state.postgresql v2 in dapr/components). Keys are prefixed
 * with the app id by Dapr, so apps do not see each other's state. Conditional writes use
 * `first-write` concurrency with the ETag: a stale ETag answers 409 (or 412) → `StateConflict`.
 */
export const layerDaprStateStore = (storeName = "statestore") =>
  Layer.effect(
    StateStore,
    Effect.gen(function* () {
      const sidecar = yield* DaprSidecar
      const base = `/v1.0/state/${storeName}`
      const keyPath = (key: string) => `${base}/${encodeURIComponent(key)}`
      const fail = (message: string) => (cause: unknown) => new StateStoreError({ message, cause })

      const read = (key: string) =>
        sidecar.request("GET", keyPath(key)).pipe(
          Effect.flatMap(expectStatus(`read ${key}`, 200, 204)),
          Effect.map((response): Option.Option<StateEntry> =>
            response.status === 204 || response.text === ""
              ? Option.none()
              : Option.some({ value: parseJson(response.text), etag: response.headers.get("etag") ?? "" })
          ),
          Effect.mapError(fail(`cannot read ${key}`))
        )

      const get = Effect.fn("StateStore.get")(function* (key: string) {
        return yield* read(key)
      })

      const set = Effect.fn("StateStore.set")(function* (key: string, value: unknown, etag?: string) {
        const response = yield* sidecar
          .request("POST", base, {
            body: [
              {
                key,
                value,
                ...(etag === undefined ? {} : { etag, options: { concurrency: "first-write" } })
              }
            ]
          })
          .pipe(Effect.mapError(fail(`cannot write ${key}`)))
        if (etag !== undefined && (response.status === 409 || response.status === 412)) {
          return yield* new StateConflict({ key })
        }
        yield* expectStatus(`write ${key}`, 204, 200)(response).pipe(Effect.mapError(fail(`cannot write ${key}`)))
        // Dapr's save does not return the new ETag, so it is read back. If someone wrote in between,
        // the value differs: the ETag we return then never matches, so a later conditional write by
        // this caller conflicts (as it must: it has not seen the other write) instead of clobbering it.
        const now = yield* read(key)
        if (Option.isSome(now) && JSON.stringify(now.value.value) === JSON.stringify(value)) return now.value.etag
        return `superseded:${crypto.randomUUID()}`
      })

      const remove = Effect.fn("StateStore.remove")(function* (key: string) {
        yield* sidecar
          .request("DELETE", keyPath(key))
          .pipe(Effect.flatMap(expectStatus(`delete ${key}`, 204, 200)), Effect.mapError(fail(`cannot delete ${key}`)))
      })

      return StateStore.of({ get, set, remove })
    })
  )
