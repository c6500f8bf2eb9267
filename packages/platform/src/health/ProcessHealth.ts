import { Context, Deferred, Effect, Layer } from "effect"

/**
 * Whether this process is shutting down. The orchestrator sends SIGTERM (Kubernetes after its preStop
 * hook); from then on readiness answers 503 so no new traffic is routed here, and long-lived responses
 * (live event streams) end so the HTTP server can close while in-flight requests finish.
 */
export class ProcessHealth extends Context.Service<
  ProcessHealth,
  {
    /** Completes when shutdown begins. */
    readonly draining: Effect.Effect<void>
    readonly isDraining: Effect.Effect<boolean>
  }
>()("tickler/platform/ProcessHealth") {
  static readonly layer = Layer.effect(
    ProcessHealth,
    Effect.gen(function* () {
      const draining = yield* Deferred.make<void>()
      // Beside NodeRuntime's own handler, which interrupts the program: this one only flips the flag.
      const onSignal = () => void Deferred.doneUnsafe(draining, Effect.void)
      yield* Effect.acquireRelease(
        Effect.sync(() => {
          process.on("SIGTERM", onSignal)
          process.on("SIGINT", onSignal)
        }),
        () =>
          Effect.sync(() => {
            process.off("SIGTERM", onSignal)
            process.off("SIGINT", onSignal)
          })
      )
      return ProcessHealth.of({ draining: Deferred.await(draining), isDraining: Deferred.isDone(draining) })
    })
  )
}
