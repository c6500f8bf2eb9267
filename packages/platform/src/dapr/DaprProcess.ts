import { Effect, Layer } from "effect"
import { layerServerPostgres } from "../database/ServerPostgres.ts"
import { Inbox } from "../messaging/Inbox.ts"
import { Outbox } from "../messaging/Outbox.ts"
import { layerEnvSecrets } from "../memory/EnvSecrets.ts"
import { Secrets } from "../ports/Secrets.ts"
import { DaprAppReady } from "./DaprAppReady.ts"
import { layerDaprEventBus } from "./DaprEventBus.ts"
import { layerDaprJobScheduler } from "./DaprJobScheduler.ts"
import { layerDaprRuntimeConfig } from "./DaprRuntimeConfig.ts"
import { layerDaprSecrets } from "./DaprSecrets.ts"
import { layerSecretsAsConfig } from "./DaprSecretsConfig.ts"
import { DaprSidecar } from "./DaprSidecar.ts"
import { layerDaprStateStore } from "./DaprStateStore.ts"

/** The ports on Dapr, for a split-profile process's HTTP app (they add their routes to its router). */
export const layerDaprPorts = Layer.mergeAll(
  layerDaprEventBus,
  layerDaprJobScheduler,
  layerDaprStateStore(),
  layerDaprRuntimeConfig()
)

/** Configuration keys read from the secret store when the environment does not set them. */
const SECRETS_AS_CONFIG = {
  DATABASE_URL: "database-url",
  TICKLER_AUTH_SECRET: "tickler-auth-secret"
}

/**
 * Secrets from the environment when set there (a local run, a test passing keys), else from the Dapr
 * secret store: in a cluster the store is the source, locally the app may start before its sidecar.
 */
const layerSecrets = Layer.effect(
  Secrets,
  Effect.gen(function* () {
    const env = yield* Secrets.useSync((secrets) => secrets).pipe(Effect.provide(layerEnvSecrets))
    const store = yield* Secrets.useSync((secrets) => secrets).pipe(Effect.provide(layerDaprSecrets()))
    return Secrets.of({
      get: Effect.fn("Secrets.get")(function* (name: string) {
        return yield* Effect.catch(env.get(name), () => store.get(name))
      })
    })
  })
)

/**
 * What every split-profile process stands on: its sidecar (DAPR_HTTP_PORT, tokens), the ready gate,
 * the secret store (also as configuration fallback: database URL, auth secret), PostgreSQL, and the
 * outbox and inbox over it. Provide it last: the configuration it adds reaches every layer above.
 */
export const layerDaprProcess = Layer.mergeAll(Inbox.layer, Outbox.layer).pipe(
  Layer.provideMerge(layerServerPostgres),
  Layer.provideMerge(layerSecretsAsConfig(SECRETS_AS_CONFIG)),
  Layer.provideMerge(layerSecrets),
  Layer.provideMerge(Layer.mergeAll(DaprSidecar.layer, DaprAppReady.layer))
)
