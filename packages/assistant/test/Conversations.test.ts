import { layerSqlStateStore, runPlatformMigrations } from "@tickler/platform"
import { testDatabases } from "@tickler/platform/testing"
import { DateTime, Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Conversations } from "../src/chat/Conversations.ts"

describe.each(testDatabases())("conversations on $name", (database) => {
  let run: <A, E>(effect: Effect.Effect<A, E, Conversations>) => Promise<A>
  let dispose: () => Promise<void>

  beforeAll(() => {
    const layer = Conversations.layer.pipe(
      Layer.provide(layerSqlStateStore),
      Layer.provideMerge(Layer.effectDiscard(runPlatformMigrations).pipe(Layer.provideMerge(database.layer)))
    )
    const runtime = ManagedRuntime.make(layer)
    run = (effect) => runtime.runPromise(effect)
    dispose = () => runtime.dispose()
  })
  afterAll(() => dispose?.())

  const message = (text: string) => ({
    role: "user" as const,
    text,
    steps: [],
    at: DateTime.fromDateUnsafe(new Date())
  })

  it("keeps every one of many concurrent changes to one conversation (ETags, retried on conflict)", async () => {
    const conversations = await run(Conversations.useSync((service) => service))
    const created = await run(conversations.create("ada"))
    await run(
      Effect.all(
        Array.from({ length: 12 }, (_, i) =>
          conversations.update("ada", created.id, (c) => ({ ...c, messages: [...c.messages, message(`m${i}`)] }))
        ),
        { concurrency: "unbounded" }
      )
    )
    const stored = await run(conversations.get("ada", created.id))
    expect(stored.messages.map((m) => m.text).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `m${i}`).sort())
  })

  it("lists a user's conversations, newest change first, and no one else's", async () => {
    const conversations = await run(Conversations.useSync((service) => service))
    const first = await run(conversations.create("bob", "Groceries"))
    const second = await run(conversations.create("bob", "Trip"))
    await run(conversations.update("bob", first.id, (c) => ({ ...c, title: "Groceries and more" })))
    expect((await run(conversations.list("bob"))).map((c) => [c.id, c.title])).toEqual([
      [first.id, "Groceries and more"],
      [second.id, "Trip"]
    ])
    expect(await run(conversations.list("carol"))).toEqual([])
    await expect(run(conversations.get("carol", first.id))).rejects.toThrow(/no conversation/)
    await run(conversations.remove("bob", second.id))
    expect((await run(conversations.list("bob"))).map((c) => c.id)).toEqual([first.id])
  })
})
