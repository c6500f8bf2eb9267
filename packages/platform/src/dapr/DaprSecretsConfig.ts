import { Config, ConfigProvider, Effect, Option, Redacted } from "effect"
import { Secrets } from "../ports/Secrets.ts"

/**
 * Adds the named secrets as configuration (a fallback for keys the environment does not set): `{ DATABASE_URL:
 * "database-url" }` makes `Config.Redacted("DATABASE_URL")` read the secret store's `database-url`.
 * Read once at start; a missing secret is simply absent (the Config that needs it fails, naming it).
 */
export const layerSecretsAsConfig = (mapping: Readonly<Record<string, string>>) =>
  ConfigProvider.layerAdd(
    Effect.gen(function* () {
      const secrets = yield* Secrets
      const values: Record<string, string> = {}
      for (const [configKey, secretName] of Object.entries(mapping)) {
        if (Option.isSome(yield* Config.option(Config.String(configKey)))) continue // set in the environment
        const secret = yield* Effect.option(secrets.get(secretName))
        if (secret._tag === "Some") values[configKey] = Redacted.value(secret.value)
      }
      return ConfigProvider.fromUnknown(values)
    })
  )
