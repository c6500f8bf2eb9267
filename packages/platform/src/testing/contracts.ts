import { Deferred, Effect, Layer, Option, Schema, Scope } from "effect"
import { describe, expect, it } from "vitest"
import { deadLetterTopic, EventBus, type EventEnvelope, EventRejected } from "../ports/EventBus.ts"
import { type FiredJob, JobScheduler } from "../ports/JobScheduler.ts"
import { StateStore } from "../ports/StateStore.ts"

// Contract suites for the ports: every implementation (in-process and Dapr) must pass the same ones.

const envelope = (userId: string, n: number): EventEnvelope => ({
  event_id: crypto.randomUUID(),
  event_type: "test.event",
  user_id: userId,
  n
})

/** The failure a deliberately flaky handler reports. */
class FlakyFailure extends Schema.TaggedError<FlakyFailure>()("FlakyFailure", { attempt: Schema.Number }) {}

const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`

/** Runs `body` with the port's layer built once for the test; the layer is released afterwards. */
const withLayer = <A, E, S>(
  layer: Layer.Layer<S, unknown>,
  body: (scope: Scope.Scope) => Effect.Effect<A, E, S | Scope.Scope>
) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const scope = yield* Scope.Scope
        return yield* body(scope)
      })
    ).pipe(Effect.provide(layer)) as Effect.Effect<A, unknown>
  )

const waitFor = <A>(probe: () => A | undefined, timeoutMs: number, what: string) =>
  Effect.gen(function* () {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const value = probe()
      if (value !== undefined) return value
      if (Date.now() > deadline) return yield* Effect.die(new Error(`timed out waiting for ${what}`))
      yield* Effect.sleep("20 millis")
    }
  })

export const eventBusContract = (
  name: string,
  layer: Layer.Layer<EventBus, unknown>,
  options: { readonly topic: string }
) =>
  describe(`EventBus contract: ${name}`, () => {
    it("delivers each event once to every group, in order per key", () =>
      withLayer(layer, () =>
        Effect.gen(function* () {
          const bus = yield* EventBus
          const a: Array<number> = []
          const b: Array<number> = []
          const userId = unique("user")
          yield* bus.subscribe({
            topic: options.topic,
            group: unique("a"),
            handle: (e) =>
              Effect.sync(() => {
                if ((e as EventEnvelope).user_id === userId) a.push((e as any).n)
              })
          })
          yield* bus.subscribe({
            topic: options.topic,
            group: unique("b"),
            handle: (e) =>
              Effect.sync(() => {
                if ((e as EventEnvelope).user_id === userId) b.push((e as any).n)
              })
          })
          for (let n = 0; n < 30; n++) yield* bus.publish(options.topic, userId, envelope(userId, n))
          yield* waitFor(
            () => (a.length >= 30 && b.length >= 30 ? true : undefined),
            15_000,
            "30 events in both groups"
          )
          yield* Effect.sleep("300 millis")
          expect(a).toEqual([...Array(30).keys()])
          expect(b).toEqual([...Array(30).keys()])
        })
      ))

    it("publishes a batch: every event delivered once, each key's in order", () =>
      withLayer(layer, () =>
        Effect.gen(function* () {
          const bus = yield* EventBus
          const users = [unique("user"), unique("user"), unique("user")]
          const seen = new Map<string, Array<number>>(users.map((user) => [user, []]))
          yield* bus.subscribe({
            topic: options.topic,
            group: unique("batch"),
            handle: (e) =>
              Effect.sync(() => {
                seen.get((e as EventEnvelope).user_id)?.push((e as any).n)
              })
          })
          // interleaved, as the outbox holds them: user 0, 1, 2, 0, 1, 2, …
          const entries = [...Array(60).keys()].map((i) => {
            const key = users[i % users.length]!
            return { key, event: envelope(key, Math.floor(i / users.length)) }
          })
          yield* bus.publishAll(options.topic, entries)
          yield* waitFor(
            () => ([...seen.values()].every((ns) => ns.length >= 20) ? true : undefined),
            15_000,
            "20 events of each of 3 users"
          )
          yield* Effect.sleep("300 millis")
          for (const user of users) expect(seen.get(user)).toEqual([...Array(20).keys()])
        })
      ))

    it("in one batch, dead-letters a rejected event, retries a failed one alone, runs the others once", () =>
      withLayer(layer, () =>
        Effect.gen(function* () {
          const bus = yield* EventBus
          const flaky = unique("user")
          const steady = unique("user")
          const runs = new Map<string, number>()
          const handled: Array<string> = []
          const dead: Array<any> = []
          yield* bus.subscribe({
            topic: deadLetterTopic(options.topic),
            group: unique("dlq"),
            handle: (e) =>
              Effect.sync(() => {
                if ((e as EventEnvelope).user_id === flaky) dead.push(e)
              })
          })
          yield* bus.subscribe({
            topic: options.topic,
            group: unique("mixed"),
            handle: (e) => {
              const event = e as EventEnvelope & { readonly n: number }
              if (event.user_id !== flaky && event.user_id !== steady) return Effect.void
              return Effect.suspend((): Effect.Effect<void, FlakyFailure | EventRejected> => {
                const id = `${event.user_id === flaky ? "f" : "s"}${event.n}`
                const run = (runs.get(id) ?? 0) + 1
                runs.set(id, run)
                if (id === "f2") return Effect.fail(new EventRejected({ reason: "poison" }))
                if (id === "f4" && run === 1) return Effect.fail(new FlakyFailure({ attempt: run }))
                handled.push(id)
                return Effect.void
              })
            }
          })
          const entries = [...Array(6).keys()].flatMap((n) => [
            { key: flaky, event: envelope(flaky, n) },
            { key: steady, event: envelope(steady, n) }
          ])
          yield* bus.publishAll(options.topic, entries)
          yield* waitFor(
            () => (handled.length >= 11 && dead.length >= 1 ? true : undefined),
            30_000,
            "11 events handled and one dead letter"
          )
          yield* Effect.sleep("300 millis")
          expect(handled.filter((id) => id.startsWith("f"))).toEqual(["f0", "f1", "f3", "f4", "f5"])
          expect(handled.filter((id) => id.startsWith("s"))).toEqual(["s0", "s1", "s2", "s3", "s4", "s5"])
          expect(dead.map((e) => [e.n, e.dead_letter_reason])).toEqual([[2, "poison"]])
          // only the failed event ran again; a redelivery never re-ran the ones already handled
          expect(Object.fromEntries(runs)).toEqual({
            f0: 1,
            f1: 1,
            f2: 1,
            f3: 1,
            f4: 2,
            f5: 1,
            s0: 1,
            s1: 1,
            s2: 1,
            s3: 1,
            s4: 1,
            s5: 1
          })
        })
      ))

    it("retries a failing handler until it succeeds", () =>
      withLayer(layer, () =>
        Effect.gen(function* () {
          const bus = yield* EventBus
          const userId = unique("user")
          let attempts = 0
          let handled = 0
          yield* bus.subscribe({
            topic: options.topic,
            group: unique("flaky"),
            handle: (e) =>
              (e as EventEnvelope).user_id !== userId
                ? Effect.void
                : Effect.suspend(() => {
                    attempts += 1
                    if (attempts < 3) return Effect.fail(new FlakyFailure({ attempt: attempts }))
                    handled += 1
                    return Effect.void
                  })
          })
          yield* bus.publish(options.topic, userId, envelope(userId, 1))
          yield* waitFor(() => (handled === 1 ? true : undefined), 30_000, "the third attempt")
          expect(attempts).toBe(3)
        })
      ))

    it("sends a rejected event to the dead-letter topic with the reason, and carries on", () =>
      withLayer(layer, () =>
        Effect.gen(function* () {
          const bus = yield* EventBus
          const userId = unique("user")
          const dead: Array<any> = []
          const good: Array<number> = []
          const group = unique("strict")
          yield* bus.subscribe({
            topic: deadLetterTopic(options.topic),
            group: unique("dlq"),
            handle: (e) =>
              Effect.sync(() => {
                if ((e as EventEnvelope).user_id === userId) dead.push(e)
              })
          })
          yield* bus.subscribe({
            topic: options.topic,
            group,
            handle: (e) =>
              (e as EventEnvelope).user_id !== userId
                ? Effect.void
                : (e as any).n === 1
                  ? Effect.fail(new EventRejected({ reason: "poison" }))
                  : Effect.sync(() => good.push((e as any).n))
          })
          for (const n of [1, 2]) yield* bus.publish(options.topic, userId, envelope(userId, n))
          yield* waitFor(
            () => (dead.length === 1 && good.length === 1 ? true : undefined),
            30_000,
            "dead letter and next event"
          )
          expect(dead[0].n).toBe(1)
          expect(good).toEqual([2])
        })
      ))
  })

export const jobSchedulerContract = (name: string, layer: Layer.Layer<JobScheduler, unknown>) =>
  describe(`JobScheduler contract: ${name}`, () => {
    it("fires a job once at its time, not before; a cancelled job never fires; rescheduling replaces", () =>
      withLayer(layer, () =>
        Effect.gen(function* () {
          const jobs = yield* JobScheduler
          const prefix = `${unique("contract")}:`
          const fired: Array<{ job: FiredJob; at: number }> = []
          yield* jobs.onFire(prefix, (job) =>
            Effect.sync(() => {
              fired.push({ job, at: Date.now() })
            })
          )
          const soon = new Date(Date.now() + 1_500)
          yield* jobs.schedule({ name: `${prefix}once`, at: soon, data: { hello: "world" } })
          yield* jobs.schedule({ name: `${prefix}cancelled`, at: soon, data: {} })
          yield* jobs.cancel(`${prefix}cancelled`)
          yield* jobs.schedule({ name: `${prefix}moved`, at: soon, data: { v: 1 } })
          yield* jobs.schedule({ name: `${prefix}moved`, at: new Date(soon.getTime() + 1_000), data: { v: 2 } })
          yield* waitFor(() => (fired.length >= 2 ? true : undefined), 20_000, "two jobs")
          yield* Effect.sleep("1500 millis")
          const byName = new Map(fired.map((entry) => [entry.job.name, entry]))
          expect(fired.map((entry) => entry.job.name).sort()).toEqual([`${prefix}moved`, `${prefix}once`])
          const once = byName.get(`${prefix}once`)!
          expect(once.job.data).toEqual({ hello: "world" })
          expect(once.at).toBeGreaterThanOrEqual(soon.getTime())
          const lateness = once.at - soon.getTime()
          console.log(`[${name}] job lateness: ${lateness} ms`)
          expect(byName.get(`${prefix}moved`)!.job.data).toEqual({ v: 2 })
          expect(byName.get(`${prefix}moved`)!.at).toBeGreaterThanOrEqual(soon.getTime() + 1_000)
        })
      ))

    it("retries a job whose handler fails", () =>
      withLayer(layer, () =>
        Effect.gen(function* () {
          const jobs = yield* JobScheduler
          const prefix = `${unique("retry")}:`
          let attempts = 0
          const done = yield* Deferred.make<void>()
          yield* jobs.onFire(prefix, () =>
            Effect.suspend(() => {
              attempts += 1
              return attempts < 2
                ? Effect.fail(new FlakyFailure({ attempt: attempts }))
                : Deferred.succeed(done, undefined)
            })
          )
          yield* jobs.schedule({ name: `${prefix}job`, at: new Date(Date.now() + 200), data: {} })
          const waited = yield* Deferred.await(done).pipe(Effect.timeoutOption("20 seconds"))
          expect(Option.isSome(waited)).toBe(true)
          expect(attempts).toBe(2)
        })
      ))
  })

export const stateStoreContract = (name: string, layer: Layer.Layer<StateStore, unknown>) =>
  describe(`StateStore contract: ${name}`, () => {
    it("saves, reads, guards writes by ETag and deletes", () =>
      withLayer(layer, () =>
        Effect.gen(function* () {
          const state = yield* StateStore
          const key = unique("conversation")
          expect(Option.isNone(yield* state.get(key))).toBe(true)
          const first = yield* state.set(key, { turns: 1 })
          const read = yield* state.get(key)
          expect(Option.getOrThrow(read)).toEqual({ value: { turns: 1 }, etag: first })
          const second = yield* state.set(key, { turns: 2 }, first)
          const stale = yield* Effect.flip(state.set(key, { turns: 3 }, first))
          expect(stale._tag).toBe("StateConflict")
          expect(Option.getOrThrow(yield* state.get(key))).toEqual({ value: { turns: 2 }, etag: second })
          yield* state.remove(key)
          expect(Option.isNone(yield* state.get(key))).toBe(true)
        })
      ))
  })
