import { Config, Effect, Layer } from "effect"
import { SecretNotFound, Secrets } from "../ports/Secrets.ts"

/** Secrets from the process's configuration (environment), by name. */
export const layerEnvSecrets = Layer.succeed(
  Secrets,
  Secrets.of({
    get: (name) =>
      Effect.gen(function* () {
        return yield* Config.Redacted(name)
      }).pipe(Effect.mapError(() => new SecretNotFound({ name })))
  })
)
