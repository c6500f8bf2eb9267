import { Context, Deferred, Effect, Layer } from "effect"

/**
 * "This process has composed its consumers": daprd reads the app's subscriptions once, at start, and
 * may deliver jobs at once, so the app's Dapr routes wait for this before answering. A profile seals
 * after building its consumers (`layerSealDaprApp`, provided with them); until then a delivery waits.
 */
export class DaprAppReady extends Context.Service<
  DaprAppReady,
  {
    readonly seal: Effect.Effect<void>
    readonly await: Effect.Effect<void>
    readonly isSealed: Effect.Effect<boolean>
  }
>()("tickler/platform/DaprAppReady") {
  static readonly layer = Layer.effect(
    DaprAppReady,
    Effect.gen(function* () {
      const sealed = yield* Deferred.make<void>()
      return DaprAppReady.of({
        seal: Effect.asVoid(Deferred.succeed(sealed, undefined)).pipe(
          Effect.tap(() => Effect.logInfo("Dapr app sealed: subscriptions and job handlers are in place"))
        ),
        await: Deferred.await(sealed),
        isSealed: Deferred.isDone(sealed)
      })
    })
  )
}

/** Seals the app; provide the consumers to it so it runs after they subscribed. */
export const layerSealDaprApp = Layer.effectDiscard(DaprAppReady.use((ready) => ready.seal))
