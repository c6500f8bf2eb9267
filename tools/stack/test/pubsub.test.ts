// Pub/sub through the real daprd + Kafka: publish → on the topic → delivered once; RETRY
// redelivers; a poison message ends on the dead-letter topic.
import { describe, expect, it } from "vitest"
import { dapr, eventsFor, eventually, findOnTopic, sidecar, sleep, uid } from "./helpers.ts"

const publish = (id: string, mode: string, userId: string) =>
  dapr("probe-b", "POST", `/v1.0/publish/pubsub/probe-events?metadata.partitionKey=${userId}`, { id, mode, userId })

describe("pub/sub (pubsub.kafka)", () => {
  it("rejects API calls without the sidecar's API token", async () => {
    const res = await fetch(`http://127.0.0.1:${sidecar("probe-b").httpPort}/v1.0/publish/pubsub/probe-events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}"
    })
    expect(res.status).toBe(401)
  })

  it("publishes a CloudEvent keyed by user id onto the Kafka topic and delivers it once", async () => {
    const id = uid("evt")
    const userId = uid("user")
    const res = await publish(id, "ok", userId)
    expect(res.status).toBe(204)

    const onTopic = await findOnTopic("probe-events", (m) => m.value.includes(id))
    expect(onTopic.key).toBe(userId) // partition key = user id
    const envelope = JSON.parse(onTopic.value) as Record<string, unknown>
    expect(envelope["specversion"]).toBe("1.0")
    expect(envelope["type"]).toBe("com.dapr.event.sent")
    expect(envelope["topic"]).toBe("probe-events")
    expect(envelope["data"]).toEqual({ id, mode: "ok", userId })

    const got = await eventually("probe-a to receive the event", async () =>
      (await eventsFor("probe-a", id)).length > 0 ? eventsFor("probe-a", id) : undefined
    )
    await sleep(2000) // a duplicate would show up by now
    expect((await eventsFor("probe-a", id)).length).toBe(1)
    expect(got[0]!.answer).toBe("SUCCESS")
  })

  it("the same user's events keep their order on one partition", async () => {
    const userId = uid("user")
    const ids = [uid("ord"), uid("ord"), uid("ord"), uid("ord")]
    for (const id of ids) expect((await publish(id, "ok", userId)).status).toBe(204)
    await eventually("all ordered events", async () =>
      (await Promise.all(ids.map((id) => eventsFor("probe-a", id)))).every((e) => e.length === 1)
    )
    const at = await Promise.all(ids.map(async (id) => (await eventsFor("probe-a", id))[0]!.at))
    expect([...at].sort((a, b) => a - b)).toEqual(at)
    const partitions = new Set(
      await Promise.all(
        ids.map(async (id) => (await findOnTopic("probe-events", (m) => m.value.includes(id))).partition)
      )
    )
    expect(partitions.size).toBe(1)
  })

  it("redelivers an event the handler answered RETRY", async () => {
    const id = uid("retry")
    expect((await publish(id, "retry-once", uid("user"))).status).toBe(204)
    const got = await eventually("a second delivery", async () => {
      const e = await eventsFor("probe-a", id)
      return e.length >= 2 ? e : undefined
    })
    expect(got.map((e) => e.answer)).toEqual(["RETRY", "SUCCESS"])
    await sleep(2500)
    expect((await eventsFor("probe-a", id)).length).toBe(2)
  })

  it("sends a poison message to the dead-letter topic after the resiliency retries", async () => {
    const id = uid("poison")
    expect((await publish(id, "poison", uid("user"))).status).toBe(204)
    const dead = await findOnTopic("probe-events-dlq", (m) => m.value.includes(id), 30_000)
    expect((JSON.parse(dead.value) as { data: { id: string } }).data.id).toBe(id)
    // 1 delivery + resiliency maxRetries (3), all answered RETRY
    const deliveries = await eventsFor("probe-a", id)
    expect(deliveries.length).toBe(4)
    expect(deliveries.every((d) => d.answer === "RETRY")).toBe(true)
  })
})
