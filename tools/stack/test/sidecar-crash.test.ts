// A subscriber's sidecar killed with SIGKILL and restarted resumes delivery without losing a
// message: Kafka keeps what was published meanwhile, and the consumer group's committed offset
// tells the new daprd where to resume (at-least-once: a duplicate is allowed, a loss is not).
import { describe, expect, it } from "vitest"
import { isAlive, killNow, readPid } from "../src/proc.ts"
import { up } from "../src/stack.ts"
import { dapr, eventsFor, eventually, sleep, uid } from "./helpers.ts"

const publish = (id: string) =>
  dapr("probe-b", "POST", `/v1.0/publish/pubsub/probe-events?metadata.partitionKey=${uid("user")}`, { id, mode: "ok" })

describe("sidecar crash", () => {
  it("SIGKILLed subscriber sidecar, restarted, receives every message published meanwhile", async () => {
    // steady state first: delivery works
    const before = [uid("pre"), uid("pre"), uid("pre")]
    for (const id of before) expect((await publish(id)).status).toBe(204)
    await eventually("deliveries before the crash", async () =>
      (await Promise.all(before.map((id) => eventsFor("probe-a", id)))).every((e) => e.length >= 1)
    )

    // keep publishing while the subscriber's sidecar dies
    const during: string[] = []
    const pid = readPid("probe-a-daprd")
    expect(isAlive(pid)).toBe(true)
    killNow("probe-a-daprd")
    for (let i = 0; i < 20; i++) {
      const id = uid("during")
      during.push(id)
      expect((await publish(id)).status).toBe(204)
      if (i === 0) await eventually("the sidecar to be dead", async () => !isAlive(pid))
    }
    await sleep(1000)
    // nothing can arrive while probe-a has no sidecar
    const whileDown = (await Promise.all(during.map((id) => eventsFor("probe-a", id)))).filter(
      (e) => e.length > 0
    ).length
    expect(whileDown).toBe(0)

    const t0 = Date.now()
    await up(["probe-a"]) // probe-a's app is still running: only its daprd starts
    expect(readPid("probe-a")?.pid).toBeDefined()

    const counts = await eventually(
      "every message published while the sidecar was down",
      async () => {
        const c = await Promise.all(during.map(async (id) => (await eventsFor("probe-a", id)).length))
        return c.every((n) => n >= 1) ? c : undefined
      },
      60_000,
      250
    )
    const duplicates = counts.reduce((a, n) => a + (n - 1), 0)
    console.log(
      `[crash] ${during.length} messages published while daprd was dead; all delivered ${Date.now() - t0} ms after restart began; duplicates: ${duplicates}`
    )
    expect(counts.length).toBe(20)
  })
})
