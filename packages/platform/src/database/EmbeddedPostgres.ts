import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Schema } from "effect"
import { fork } from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Url from "node:url"
import { Worker } from "node:worker_threads"
import { RelaySession } from "../messaging/RelaySession.ts"
import { ensurePrivateDirectory } from "./PrivateDirectory.ts"

export class EmbeddedPostgresError extends Schema.TaggedError<EmbeddedPostgresError>()("EmbeddedPostgresError", {
  message: Schema.String,
  cause: Schema.Defect()
}) {}

const freeLoopbackPort = Effect.callback<number, Error>((resume) => {
  const server = Net.createServer()
  server.once("error", (error) => resume(Effect.fail(error)))
  server.listen(0, "127.0.0.1", () => {
    const address = server.address() as Net.AddressInfo
    server.close(() => resume(Effect.succeed(address.port)))
  })
})

/** The next message from `worker` that `accept` takes; the worker's end fails with `message`. */
const nextMessage = <A>(worker: Worker, message: string, accept: (message: unknown) => A | undefined) =>
  Effect.callback<A, EmbeddedPostgresError>((resume) => {
    const onMessage = (message: unknown) => {
      const value = accept(message)
      if (value !== undefined) done(Effect.succeed(value))
    }
    const onError = (cause: Error) => done(Effect.fail(new EmbeddedPostgresError({ message, cause })))
    const onExit = (code: number) =>
      done(Effect.fail(new EmbeddedPostgresError({ message, cause: `the database worker exited with ${code}` })))
    const done = (result: Effect.Effect<A, EmbeddedPostgresError>) => {
      worker.off("message", onMessage).off("error", onError).off("exit", onExit)
      resume(result)
    }
    worker.on("message", onMessage).on("error", onError).on("exit", onExit)
  })

/**
 * Each thread that loads TypeScript loads a TypeScript stripper of its own (its heap and WebAssembly
 * memory: ~10 MB in this worker). With Node's compile cache (in the directory Node itself defaults to),
 * the worker reads its code stripped and compiled from the cache from the second start on, and never
 * loads the stripper.
 */
const workerEnv = {
  ...process.env,
  NODE_COMPILE_CACHE: process.env["NODE_COMPILE_CACHE"] ?? Path.join(Os.tmpdir(), "node-compile-cache")
}

/**
 * The worker's JavaScript only relays the wire protocol, yet V8 sizes every isolate's young generation
 * from the machine's memory (on a 24 GB machine, 52 MB of it under a 1,000-task load): 8 MB is plenty, and a
 * scavenge of it costs no measurable CPU.
 */
const WORKER_YOUNG_GENERATION_MB = 8

const WORKER = new URL("./EmbeddedPostgresWorker.ts", import.meta.url)

/**
 * Creates the database in `dataDir` (initdb) in a child process: it takes PGlite to a high-water mark of
 * ~570 MB, and in a thread of this process the C allocator kept ~115 MB of it after the thread ended;
 * a process of its own gives all of it back when it exits.
 */
const initialize = (dataDir: string, cannotOpen: string) =>
  Effect.callback<void, EmbeddedPostgresError>((resume) => {
    const child = fork(Url.fileURLToPath(WORKER), [dataDir], {
      env: workerEnv,
      execArgv: [],
      stdio: ["ignore", "ignore", "pipe", "ipc"]
    })
    let stderr = ""
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.once("error", (cause) => resume(Effect.fail(new EmbeddedPostgresError({ message: cannotOpen, cause }))))
    child.once("exit", (code) =>
      resume(
        code === 0
          ? Effect.void
          : Effect.fail(new EmbeddedPostgresError({ message: cannotOpen, cause: stderr || `exited with ${code}` }))
      )
    )
    return Effect.sync(() => child.kill())
  })

/**
 * PostgreSQL compiled to WebAssembly (PGlite), served on a loopback port so the same wire-protocol
 * client (and the same SQL) is used as against a real server. It runs in a worker thread
 * (`EmbeddedPostgresWorker.ts`), so a slow query never blocks the process's other work.
 * `dataDir` undefined keeps it in memory; a data directory (tasks, sessions) is kept private to the
 * process's account, see `ensurePrivateDirectory`.
 */
export const layerEmbeddedPostgres = (options: { readonly dataDir?: string | undefined }) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const port = yield* freeLoopbackPort
      const cannotOpen = `cannot open the embedded database in ${options.dataDir ?? "memory"}`
      const start = Effect.gen(function* () {
        const worker = new Worker(WORKER, {
          workerData: { dataDir: options.dataDir, port },
          env: workerEnv,
          resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB }
        })
        const started = yield* nextMessage(worker, cannotOpen, (message) =>
          message === "ready" ? { error: undefined } : (message as { readonly error?: string })
        )
        if (started.error !== undefined) {
          yield* Effect.promise(() => worker.terminate())
          return yield* new EmbeddedPostgresError({ message: cannotOpen, cause: started.error })
        }
        return worker
      })
      if (options.dataDir !== undefined) {
        yield* ensurePrivateDirectory(options.dataDir)
        if (!Fs.existsSync(Path.join(options.dataDir, "PG_VERSION"))) yield* initialize(options.dataDir, cannotOpen)
      }
      yield* Effect.acquireRelease(start, (worker) =>
        Effect.gen(function* () {
          worker.postMessage("close")
          yield* nextMessage(worker, "the embedded database did not close", (message) =>
            message === "closed" ? true : undefined
          )
          yield* Effect.promise(() => worker.terminate())
        }).pipe(Effect.ignore)
      )
      // One connection: PGlite is a single session, and interleaved transactions corrupt its state.
      return Layer.merge(
        PgClient.layer({ host: "127.0.0.1", port, username: "postgres", database: "postgres", maxConnections: 1 }),
        RelaySession.layerShared
      )
    })
  )
