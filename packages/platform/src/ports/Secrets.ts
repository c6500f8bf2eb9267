import { Context, type Effect, type Redacted, Schema } from "effect"

export class SecretNotFound extends Schema.TaggedError<SecretNotFound>()("SecretNotFound", { name: Schema.String }) {}

/** Named secrets (database URL, SMTP, VAPID, model keys): a Dapr secret store, or the environment. */
export class Secrets extends Context.Service<
  Secrets,
  {
    readonly get: (name: string) => Effect.Effect<Redacted.Redacted<string>, SecretNotFound>
  }
>()("tickler/platform/Secrets") {}
