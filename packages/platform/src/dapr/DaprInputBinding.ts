import { Effect, Layer } from "effect"
import { HttpServerResponse } from "effect/http"
import { addDaprAppRoute } from "./DaprAppRoute.ts"

/**
 * Runs `handle` each time the input binding `name` fires (e.g. a `bindings.cron` component: daprd
 * POSTs `/<name>`). A failure answers 500, which daprd logs; a cron binding simply fires again later.
 */
export const layerDaprInputBinding = <E, R>(name: string, handle: Effect.Effect<void, E, R>) =>
  Layer.effectDiscard(
    Effect.gen(function* () {
      const context = yield* Effect.context<R>()
      const run = handle.pipe(
        Effect.provide(context),
        Effect.as(HttpServerResponse.empty({ status: 200 })),
        Effect.catchCause((cause) =>
          Effect.as(Effect.logWarning(`input binding ${name} failed`, cause), HttpServerResponse.empty({ status: 500 }))
        ),
        Effect.withSpan(`DaprInputBinding.${name}`)
      )
      yield* addDaprAppRoute("POST", `/${name}`, () => run)
      // daprd probes the route with OPTIONS unless the component says `direction: input`
      yield* addDaprAppRoute("OPTIONS", `/${name}`, () => Effect.succeed(HttpServerResponse.empty({ status: 200 })))
    })
  )
