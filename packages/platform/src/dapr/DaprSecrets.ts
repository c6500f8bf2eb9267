import { Effect, Layer, Redacted } from "effect"
import { SecretNotFound, Secrets } from "../ports/Secrets.ts"
import { DaprSidecar } from "./DaprSidecar.ts"

/**
 * Secrets from a Dapr secret store (`secretstore`: a local file locally, Kubernetes secrets in a
 * cluster). Nested keys use the store's separator (`smtp:password`). A missing secret, or a store
 * that cannot answer, is `SecretNotFound` (the reason is logged): callers cannot do more either way.
 */
export const layerDaprSecrets = (storeName = "secretstore") =>
  Layer.effect(
    Secrets,
    Effect.gen(function* () {
      const sidecar = yield* DaprSidecar
      const get = Effect.fn("Secrets.get")(function* (name: string) {
        const response = yield* sidecar.request("GET", `/v1.0/secrets/${storeName}/${encodeURIComponent(name)}`).pipe(
          Effect.tapError((error) => Effect.logWarning(`secret ${name}: ${error.message}`)),
          Effect.mapError(() => new SecretNotFound({ name }))
        )
        const values = response.status === 200 ? (JSON.parse(response.text) as Record<string, unknown>) : {}
        const value = values[name]
        if (typeof value !== "string") {
          if (response.status !== 200) yield* Effect.logDebug(`secret ${name}: ${response.status} ${response.text}`)
          return yield* new SecretNotFound({ name })
        }
        return Redacted.make(value)
      })
      return Secrets.of({ get })
    })
  )
