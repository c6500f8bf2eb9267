// The port contract suites against the Dapr layers, on a real daprd + Kafka + Dapr Scheduler +
// PostgreSQL from the local stack. This test process is the app: it serves the Dapr layers' routes on
// the `dapr-contract` app port (an external app in tools/stack/src/topology.ts), then asks the stack
// to start only that app's sidecar. Run with `pnpm --filter @tickler/platform test:dapr`.
import { NodeHttpServer } from "@effect/platform-node"
import { Context, Effect, Exit, Fiber, Layer, Option, Redacted, Scope, Stream } from "effect"
import { HttpRouter } from "effect/http"
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { createServer } from "node:http"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { renderedDaprDir, repoRoot } from "../../../../tools/stack/src/paths.ts"
import { CONFIG_TABLE, postgresBinDir, psql } from "../../../../tools/stack/src/postgres.ts"
import { generated } from "../../../../tools/stack/src/secrets.ts"
import { appPorts, apps } from "../../../../tools/stack/src/topology.ts"
import {
  DaprAppReady,
  DaprSidecar,
  deadLetterTopic,
  EventBus,
  type EventEnvelope,
  JobScheduler,
  layerDaprEventBus,
  layerDaprJobScheduler,
  layerDaprRuntimeConfig,
  layerDaprSecrets,
  layerDaprStateStore,
  layerSealDaprApp,
  RuntimeConfig,
  Secrets,
  StateStore
} from "../../src/index.ts"
import { eventBusContract, jobSchedulerContract, stateStoreContract } from "../../src/testing/index.ts"

const APP_ID = "dapr-contract"
const TOPIC = "contract-events"
const app = apps.find((a) => a.appId === APP_ID)!
const ports = appPorts(app)
const tokens = generated(apps.map((a) => a.appId)).tokens[APP_ID]!

/** `pnpm stack …` in a child process; asynchronous, because this process must keep serving daprd. */
const stack = (...args: string[]) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, "tools/stack/src/main.ts"), ...args], { cwd: repoRoot })
    let output = ""
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`pnpm stack ${args.join(" ")} failed:\n${output}`))
    )
  })

/** Events the always-on handler saw: the warm-up and the latency probe read them. */
const seen = new Map<string, number>()

const Ports = Layer.mergeAll(
  layerDaprEventBus,
  layerDaprJobScheduler,
  layerDaprStateStore(),
  layerDaprSecrets(),
  layerDaprRuntimeConfig()
)

// daprd reads the subscription list once, so the topics the suites use are declared before sealing.
const Declared = Layer.effectDiscard(
  Effect.gen(function* () {
    const bus = yield* EventBus
    const record = (event: unknown) =>
      Effect.sync(() => {
        const e = event as EventEnvelope
        if (typeof e.event_id === "string") seen.set(e.event_id, Date.now())
      })
    yield* bus.subscribe({ topic: TOPIC, group: "always", handle: record })
    yield* bus.subscribe({ topic: deadLetterTopic(TOPIC), group: "always", handle: record })
  })
)

const Main = layerSealDaprApp.pipe(
  Layer.provide(Declared),
  Layer.provideMerge(
    HttpRouter.serve(Ports, { disableLogger: true }).pipe(
      Layer.provide(NodeHttpServer.layer(createServer, { port: ports.app, host: "127.0.0.1" }))
    )
  ),
  Layer.provideMerge(
    Layer.mergeAll(
      DaprSidecar.layerOptions({
        httpPort: ports.daprHttp,
        apiToken: Redacted.make(tokens.daprApiToken),
        appApiToken: Redacted.make(tokens.appApiToken)
      }),
      DaprAppReady.layer
    )
  )
)

let scope: Scope.Closeable | undefined
let context: Context.Context<EventBus | JobScheduler | StateStore | Secrets | RuntimeConfig | DaprSidecar> | undefined

/** A port from the one running app, as a layer for the contract suites. */
const port = <I, S>(tag: Context.Key<I, S>) =>
  Layer.effect(
    tag,
    Effect.sync(() => Context.get(context as unknown as Context.Context<I>, tag))
  )

const run = <A, E>(
  effect: Effect.Effect<A, E, EventBus | JobScheduler | StateStore | Secrets | RuntimeConfig | DaprSidecar>
) => Effect.runPromise(Effect.provide(effect, context!))

beforeAll(async () => {
  scope = await Effect.runPromise(Scope.make())
  context = await Effect.runPromise(Layer.buildWithScope(Main, scope))
  const t0 = Date.now()
  await stack("up", APP_ID) // infrastructure if needed, then this app's daprd, which reads /dapr/subscribe
  // The sidecar is healthy before its Kafka consumer has joined the group: wait for one round trip.
  const probe: EventEnvelope = { event_id: crypto.randomUUID(), event_type: "test.warmup", user_id: "warmup" }
  await run(
    Effect.gen(function* () {
      const bus = yield* EventBus
      yield* bus.publish(TOPIC, probe.user_id, probe)
      while (!seen.has(probe.event_id)) {
        if (Date.now() - t0 > 60_000) return yield* Effect.die(new Error("the warm-up event never arrived"))
        yield* Effect.sleep("100 millis")
      }
    })
  )
  console.log(`[dapr] sidecar up and first event delivered in ${Date.now() - t0} ms`)
}, 120_000)

afterAll(async () => {
  await stack("down", APP_ID)
  if (scope) await Effect.runPromise(Scope.close(scope, Exit.void))
}, 60_000)

eventBusContract("Dapr pub/sub on Kafka", port(EventBus), { topic: TOPIC })
jobSchedulerContract("Dapr Jobs on the Dapr Scheduler", port(JobScheduler))
stateStoreContract("Dapr state on PostgreSQL (state.postgresql v2)", port(StateStore))

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!

describe("Dapr layers beyond the contracts", () => {
  it("measures publish → handle latency through daprd and Kafka", () =>
    run(
      Effect.gen(function* () {
        const bus = yield* EventBus
        const latencies: Array<number> = []
        for (let i = 0; i < 100; i++) {
          const event: EventEnvelope = {
            event_id: crypto.randomUUID(),
            event_type: "test.latency",
            user_id: `u${i % 7}`
          }
          const sent = Date.now()
          yield* bus.publish(TOPIC, event.user_id, event)
          while (!seen.has(event.event_id)) yield* Effect.sleep("1 millis")
          latencies.push(seen.get(event.event_id)! - sent)
        }
        const sorted = latencies.sort((a, b) => a - b)
        console.log(
          `[dapr] publish → handle over ${sorted.length} events: p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms`
        )
        expect(percentile(sorted, 50)).toBeLessThan(1_000)
      })
    ))

  it("measures job lateness on the Dapr Scheduler over 20 jobs", () =>
    run(
      Effect.scoped(
        Effect.gen(function* () {
          const jobs = yield* JobScheduler
          const prefix = `lateness-${crypto.randomUUID().slice(0, 8)}:`
          const fired = new Map<string, number>()
          yield* jobs.onFire(prefix, (job) =>
            Effect.sync(() => void fired.set(job.name, Date.now() - job.at.getTime()))
          )
          const base = Date.now() + 2_000
          for (let i = 0; i < 20; i++)
            yield* jobs.schedule({ name: `${prefix}${i}`, at: new Date(base + i * 100), data: { i } })
          while (fired.size < 20) {
            if (Date.now() - base > 20_000) return yield* Effect.die(new Error(`only ${fired.size} of 20 jobs fired`))
            yield* Effect.sleep("50 millis")
          }
          const sorted = [...fired.values()].sort((a, b) => a - b)
          console.log(
            `[dapr] job lateness over 20 jobs: min ${sorted[0]} ms, p50 ${percentile(sorted, 50)} ms, max ${sorted.at(-1)} ms`
          )
          expect(sorted[0]).toBeGreaterThanOrEqual(0)
        })
      )
    ))

  it("reads secrets from the secret store, nested keys too, and reports a missing one", () =>
    run(
      Effect.gen(function* () {
        const secrets = yield* Secrets
        const file = JSON.parse(readFileSync(join(renderedDaprDir, "secrets.json"), "utf8")) as Record<string, any>
        expect(Redacted.value(yield* secrets.get("database-url"))).toBe(file["database-url"])
        expect(Redacted.value(yield* secrets.get("smtp:password"))).toBe(file["smtp"]["password"])
        const missing = yield* Effect.flip(secrets.get("no-such-secret"))
        expect(missing._tag).toBe("SecretNotFound")
      })
    ))

  it("reads configuration and streams a change made in PostgreSQL", () =>
    run(
      Effect.scoped(
        Effect.gen(function* () {
          const config = yield* RuntimeConfig
          const key = `flag_${crypto.randomUUID().slice(0, 8)}`
          const sql = (statement: string) => psql(postgresBinDir()!, generated(apps.map((a) => a.appId)), statement)
          expect(Option.isNone(yield* config.get(key))).toBe(true)
          sql(`insert into ${CONFIG_TABLE} (key, value, version, metadata) values ('${key}', 'off', '1', '{}')`)
          expect(yield* config.get(key)).toEqual(Option.some("off"))
          const values = yield* config.watch(key)
          const changed = yield* Stream.runHead(
            values.pipe(Stream.filter((value) => Option.getOrUndefined(value) === "on"))
          ).pipe(Effect.forkScoped)
          yield* Effect.sleep("300 millis")
          sql(`update ${CONFIG_TABLE} set value = 'on', version = '2' where key = '${key}'`)
          const seenOn = yield* Fiber.join(changed).pipe(Effect.timeout("10 seconds"))
          expect(seenOn).toEqual(Option.some(Option.some("on")))
        })
      )
    ))

  it("rejects app-route calls without the sidecar's app token", async () => {
    for (const [method, path] of [
      ["GET", "/dapr/subscribe"],
      ["POST", `/dapr/events/${TOPIC}`],
      ["POST", "/job/anything"],
      ["POST", "/configuration/configstore/x"]
    ] as const) {
      const plain = await fetch(`http://127.0.0.1:${ports.app}${path}`, { method })
      expect(plain.status).toBe(401)
      const wrong = await fetch(`http://127.0.0.1:${ports.app}${path}`, { method, headers: { "dapr-api-token": "x" } })
      expect(wrong.status).toBe(401)
    }
    const ok = await fetch(`http://127.0.0.1:${ports.app}/dapr/subscribe`, {
      headers: { "dapr-api-token": tokens.appApiToken }
    })
    expect(await ok.json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ topic: TOPIC, deadLetterTopic: `${TOPIC}-dlq` })])
    )
  })
})
