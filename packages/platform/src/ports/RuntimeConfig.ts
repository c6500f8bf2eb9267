import { Context, type Effect, type Option, type Scope, type Stream } from "effect"

/** Runtime settings and feature flags that can change while running (Dapr configuration, or fixed values). */
export class RuntimeConfig extends Context.Service<
  RuntimeConfig,
  {
    readonly get: (key: string) => Effect.Effect<Option.Option<string>>
    /** The key's value now and after every change, while the scope is open. */
    readonly watch: (key: string) => Effect.Effect<Stream.Stream<Option.Option<string>>, never, Scope.Scope>
  }
>()("tickler/platform/RuntimeConfig") {}
