import { layer } from "@effect/vitest"
import { Duration, Effect, Exit, Layer, Scope } from "effect"
import { SqlClient } from "effect/sql"
import { expect } from "vitest"
import { EventBus, Outbox, layerOutboxRelay, runPlatformMigrations } from "../src/index.ts"
import { testDatabases } from "../src/testing/index.ts"

/** A bus that records the ids of the events one relay published, in order. */
const recordingBus = (published: Array<string>) =>
  Layer.succeed(
    EventBus,
    EventBus.of({
      publish: (_topic, _key, event) => Effect.sync(() => void published.push(event.event_id)),
      publishAll: (_topic, entries) => Effect.sync(() => void published.push(...entries.map((e) => e.event.event_id))),
      subscribe: () => Effect.void
    })
  )

/** A relay publishing to `published` until the returned scope is closed (at the latest with the test's). */
const startRelay = (published: Array<string>, pollInterval?: Duration.Input) =>
  Effect.gen(function* () {
    const scope = yield* Effect.acquireRelease(Scope.make(), (scope) => Scope.close(scope, Exit.void))
    yield* Layer.buildWithScope(
      layerOutboxRelay(pollInterval === undefined ? {} : { pollInterval }).pipe(Layer.provide(recordingBus(published))),
      scope
    )
    return scope
  })

/** `count` events of one user, written in one transaction (or rolled back with it when `rollback`). */
const write = (count: number, options: { readonly rollback?: boolean } = {}) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const outbox = yield* Outbox
    const userId = `relay-${crypto.randomUUID()}`
    const ids: Array<string> = Array.from({ length: count }, () => crypto.randomUUID())
    const appends = Effect.forEach(ids, (id) =>
      outbox.append("relay-test", userId, { event_id: id, event_type: "test.event", user_id: userId })
    )
    yield* sql
      .withTransaction(options.rollback ? Effect.andThen(appends, Effect.fail("rolled back")) : appends)
      .pipe(Effect.ignore)
    return ids
  })

/** Waits until `done` holds, failing after `within`. */
const within = (what: string, limit: Duration.Input, done: () => boolean) =>
  Effect.gen(function* () {
    const deadline = Date.now() + Duration.toMillis(Duration.fromInputUnsafe(limit))
    while (!done()) {
      if (Date.now() > deadline) return yield* Effect.die(new Error(`${what} did not happen within ${limit}`))
      yield* Effect.sleep("10 millis")
    }
  })

const includesAll = (published: ReadonlyArray<string>, ids: ReadonlyArray<string>) =>
  ids.every((id) => published.includes(id))

for (const database of testDatabases()) {
  const migrated = Outbox.layer.pipe(
    Layer.provideMerge(Layer.effectDiscard(runPlatformMigrations)),
    Layer.provideMerge(database.layer)
  )

  layer(migrated, { timeout: 60_000, excludeTestServices: true })(`outbox relay on ${database.name}`, (it) => {
    it.effect("publishes committed events in order, and none of a rolled-back transaction", () =>
      Effect.gen(function* () {
        const published: Array<string> = []
        yield* startRelay(published)
        const first = yield* write(3)
        const lost = yield* write(2, { rollback: true })
        const second = yield* write(2)
        yield* within("publishing", "5 seconds", () => includesAll(published, [...first, ...second]))
        expect(published.filter((id) => [...first, ...second].includes(id))).toEqual([...first, ...second])
        expect(published.filter((id) => lost.includes(id))).toEqual([])
      }).pipe(Effect.scoped)
    )

    if (database.name !== "PostgreSQL") return

    it.effect("a commit wakes the relay: its events go out long before the next poll", () =>
      Effect.gen(function* () {
        const published: Array<string> = []
        yield* startRelay(published, "1 minute")
        const first = yield* write(1)
        yield* within("the first event", "3 seconds", () => includesAll(published, first))
        // Now it is idle, waiting on the commit notification (or a minute).
        yield* Effect.sleep("300 millis")
        const second = yield* write(2)
        yield* within("the events of a commit to an idle relay", "1 second", () => includesAll(published, second))
      }).pipe(Effect.scoped)
    )

    it.effect("one relay per database: a second one stands by, then takes over when the first stops", () =>
      Effect.gen(function* () {
        const a: Array<string> = []
        const b: Array<string> = []
        const relayA = yield* startRelay(a, "1 minute")
        const relayB = yield* startRelay(b, "1 minute")
        const ids = [...(yield* write(4)), ...(yield* write(4)), ...(yield* write(4))]
        yield* within("publishing", "5 seconds", () => includesAll([...a, ...b], ids))
        yield* Effect.sleep("500 millis")
        const published = [...a, ...b].filter((id) => ids.includes(id))
        expect(published.toSorted()).toEqual(ids.toSorted())
        const [leader, standby, leaderScope] = a.length > 0 ? [a, b, relayA] : [b, a, relayB]
        expect(leader.filter((id) => ids.includes(id))).toEqual(ids)
        expect(standby).toEqual([])

        yield* Scope.close(leaderScope, Exit.void)
        const later = yield* write(3)
        yield* within("the standby taking over", "10 seconds", () => includesAll(standby, later))
        expect(leader.filter((id) => later.includes(id))).toEqual([])
      }).pipe(Effect.scoped)
    )
  })
}
