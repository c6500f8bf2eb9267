import { Config, Effect, Layer, Stream } from "effect"
import { RuntimeConfig } from "../ports/RuntimeConfig.ts"

const read = (key: string) =>
  Effect.gen(function* () {
    return yield* Config.option(Config.String(key))
  }).pipe(Effect.orDie)

/** Runtime settings read once from the process's configuration; they do not change while running. */
export const layerStaticRuntimeConfig = Layer.succeed(
  RuntimeConfig,
  RuntimeConfig.of({
    get: (key) => read(key),
    watch: (key) => Effect.succeed(Stream.fromEffect(read(key)))
  })
)
