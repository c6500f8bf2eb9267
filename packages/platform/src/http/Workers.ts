import { Config, Duration, Effect, Layer, Option, Queue, Schema } from "effect"
import cluster, { type Worker } from "node:cluster"
import { availableParallelism } from "node:os"
import { SHUTDOWN_GRACE } from "./AppServer.ts"

export class WorkerStartFailed extends Schema.TaggedError<WorkerStartFailed>()("WorkerStartFailed", {
  message: Schema.String
}) {}

/** `TICKLER_API_WORKERS`: how many worker processes serve; 1 serves in this process, without forking. */
const workerCount = (fallback: number) =>
  Config.schema(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)), "TICKLER_API_WORKERS").pipe(
    Config.withDefault(fallback)
  )

/** One per core the process may run on (a container's CPU quota is not counted: set the count there). */
export const ONE_PER_CORE = availableParallelism()

const exitedHow = (code: number | null, signal: string | null) => (signal === null ? `code ${code}` : signal)

/** Stops every worker still running: SIGTERM (each drains as a single process does), then SIGKILL. */
const stopAll = (workers: Iterable<Worker>) =>
  Effect.forEach(
    workers,
    (worker) =>
      Effect.callback<void>((resume) => {
        if (worker.isDead()) return resume(Effect.void)
        worker.once("exit", () => resume(Effect.void))
        worker.process.kill("SIGTERM")
      }).pipe(
        Effect.timeoutOrElse({
          duration: Duration.sum(Duration.fromInputUnsafe(SHUTDOWN_GRACE), Duration.seconds(5)),
          orElse: () => Effect.sync(() => void worker.process.kill("SIGKILL"))
        })
      ),
    { concurrency: "unbounded", discard: true }
  )

/**
 * The primary: forks `count` workers, which share every port they listen on (node:cluster hands the
 * connections round). A worker that dies after it listened is replaced, with a log line; one that dies
 * before (a start-up failure, which its replacement would repeat) stops them all and fails. Interrupted
 * (SIGTERM, SIGINT), it stops every worker and waits for their drain.
 * With `METRICS_PORT` set, worker k (1…count) serves its metrics on METRICS_PORT + k, the primary on
 * METRICS_PORT: one port serving N processes' metrics by turns would mix their series.
 */
const supervise = (count: number) =>
  Effect.gen(function* () {
    const metricsPort = yield* Config.option(Config.Int("METRICS_PORT"))
    const exits = yield* Queue.unbounded<{ worker: Worker; code: number | null; signal: string | null }>()
    const listened = new Set<number>()
    const slots = new Map<number, { readonly worker: Worker; readonly slot: number }>()
    const onListening = (worker: Worker) => listened.add(worker.id)
    const onExit = (worker: Worker, code: number | null, signal: string | null) =>
      Queue.offerUnsafe(exits, { worker, code, signal })
    yield* Effect.acquireRelease(
      Effect.sync(() => cluster.on("listening", onListening).on("exit", onExit)),
      () => Effect.sync(() => cluster.off("listening", onListening).off("exit", onExit))
    )
    yield* Effect.addFinalizer(() => stopAll([...slots.values()].map(({ worker }) => worker)))

    const fork = (slot: number) =>
      Effect.sync(() => {
        const env = Option.isSome(metricsPort) ? { METRICS_PORT: String(metricsPort.value + slot) } : {}
        const worker = cluster.fork(env)
        slots.set(worker.id, { worker, slot })
      })
    for (let slot = 1; slot <= count; slot++) yield* fork(slot)
    yield* Effect.logInfo(`${count} workers started`)

    while (true) {
      const { worker, code, signal } = yield* Queue.take(exits)
      const { slot } = slots.get(worker.id)!
      slots.delete(worker.id)
      const pid = worker.process.pid
      if (!listened.has(worker.id)) {
        return yield* new WorkerStartFailed({
          message: `worker ${pid} exited (${exitedHow(code, signal)}) before it listened`
        })
      }
      yield* Effect.logWarning(`worker ${pid} exited (${exitedHow(code, signal)}); starting another`)
      yield* fork(slot)
    }
  }).pipe(Effect.scoped)

/**
 * Runs a server in `TICKLER_API_WORKERS` processes (default `defaultCount`) behind the ports they
 * listen on, to use more than one core. `setup` runs first, once, in the primary process, and is
 * released before any worker starts (migrations: not raced by N workers). Each worker runs `worker`
 * as a process of its own would; nothing is shared between them but the ports and the database.
 * With one worker, `worker` runs in this process. Run the result with `NodeRuntime.runMain`.
 */
export const launchWorkers = <E1, E2>(options: {
  readonly setup: Layer.Layer<never, E1>
  readonly worker: Layer.Layer<never, E2>
  readonly defaultCount: number
}) =>
  cluster.isWorker
    ? Layer.launch(options.worker)
    : Effect.gen(function* () {
        const count = yield* workerCount(options.defaultCount)
        yield* Effect.scoped(Layer.build(options.setup))
        return yield* count === 1 ? Layer.launch(options.worker) : supervise(count)
      })
