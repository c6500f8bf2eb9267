import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Client, eventually, startSingleProcess, startSplit, type Topology } from "../src/index.ts"

const topologies = [
  { name: "single process", start: () => startSingleProcess() },
  { name: "split processes on Dapr", start: () => startSplit() }
]

describe.each(topologies)("task lifecycle on $name", ({ start }) => {
  let topology: Topology
  let ada: Client

  beforeAll(async () => {
    topology = await start()
    ada = await Client.signUp(topology.api, "Europe/Berlin", topology.events)
  })
  afterAll(async () => {
    await topology?.stop()
  })

  const activity = async (taskId: string) => (await ada.call("GET", `/tasks/${taskId}/activity`)).body.items

  it("creates, updates, completes and deletes, and the activity log shows each step", async () => {
    const created = await ada.call("POST", "/tasks", { title: "Draft the newsletter", priority: "low", tags: ["work"] })
    expect(created.status).toBe(201)
    const id = created.body.id
    expect(
      (await ada.call("PATCH", `/tasks/${id}`, { priority: "high", title: "Draft the December newsletter" })).status
    ).toBe(200)
    expect((await ada.call("POST", `/tasks/${id}/complete`)).body.status).toBe("completed")
    expect((await ada.call("POST", `/tasks/${id}/reopen`)).body.status).toBe("open")
    expect((await ada.call("DELETE", `/tasks/${id}`)).status).toBe(204)

    const log = await eventually(
      async () => {
        const items = await activity(id)
        return items.length === 5 ? items : undefined
      },
      5_000,
      "five activity entries"
    )
    expect(log.map((entry: any) => entry.action)).toEqual(["deleted", "reopened", "completed", "updated", "created"])
    expect(log[3].changes).toEqual({
      title: { before: "Draft the newsletter", after: "Draft the December newsletter" },
      priority: { before: "low", after: "high" }
    })
    expect(log.every((entry: any) => entry.taskTitle.startsWith("Draft the"))).toBe(true)
  })

  it("gives a daily recurring task the right next dates across the spring DST change", async () => {
    // Berlin springs forward on 2027-03-28: 09:00 is 08:00 UTC before and 07:00 UTC after.
    let current = (
      await ada.call("POST", "/tasks", {
        title: "Morning run",
        due: { kind: "datetime", local: "2027-03-26T09:00", zone: "Europe/Berlin" },
        recurrence: { rrule: "FREQ=DAILY", mode: "schedule" },
        reminders: [{ kind: "relative", minutesBefore: 15 }]
      })
    ).body
    const seen: Array<[string, string]> = []
    for (let i = 0; i < 3; i++) {
      await ada.call("POST", `/tasks/${current.id}/complete`)
      const seriesId = current.seriesId
      const occurrence = current.occurrence + 1
      current = await eventually(
        async () => {
          const page = (await ada.call("GET", `/tasks?q=Morning%20run&status=open`)).body
          return page.items.find((task: any) => task.seriesId === seriesId && task.occurrence === occurrence)
        },
        5_000,
        `occurrence ${occurrence}`
      )
      seen.push([current.due.local, current.dueAt])
      expect(current.reminders).toMatchObject([{ kind: "relative", minutesBefore: 15 }])
    }
    expect(seen).toEqual([
      ["2027-03-27T09:00", "2027-03-27T08:00:00.000Z"],
      ["2027-03-28T09:00", "2027-03-28T07:00:00.000Z"],
      ["2027-03-29T09:00", "2027-03-29T07:00:00.000Z"]
    ])
    const history = (await ada.call("GET", "/tasks?q=Morning%20run&status=completed")).body.items
    expect(history.map((task: any) => task.occurrence).sort()).toEqual([1, 2, 3])
  })

  it("shows a change to a live client within a second, and catches up after a reconnect", async () => {
    const live = ada.live()
    await live.opened
    const started = Date.now()
    const task = (await ada.call("POST", "/tasks", { title: "Live one" })).body
    const first = await eventually(
      async () => live.messages.find((message) => message.data.payload.task_id === task.id),
      1_000,
      "the live update"
    )
    expect(first.type).toBe("task.state_changed")
    expect(first.data.payload.change).toBe("created")
    expect(first.receivedAt - started).toBeLessThan(1_000)
    live.close()

    // While disconnected: two more changes.
    await ada.call("PATCH", `/tasks/${task.id}`, { title: "Live one, renamed" })
    await ada.call("POST", `/tasks/${task.id}/complete`)
    const resumed = ada.live(first.id)
    await resumed.opened
    const missed = await eventually(
      async () => (resumed.messages.length >= 2 ? resumed.messages : undefined),
      2_000,
      "the missed updates"
    )
    expect(missed.map((message) => message.data.payload.change)).toEqual(["updated", "completed"])
    expect(Number(missed[0]!.id)).toBeGreaterThan(Number(first.id))
    resumed.close()
  })

  it("ends a live stream when its session signs out, and streams nothing after", async () => {
    const bea = await Client.signUp(topology.api, "Europe/Berlin", topology.events)
    const live = bea.live()
    await live.opened
    const signedOutAt = Date.now()
    expect((await bea.call("POST", "/auth/sign-out")).status).toBe(204)
    expect((await bea.call("GET", "/auth/me")).status).toBe(401)
    // At once where the stream is served by the process that signed out; within one 15 s heartbeat
    // where another process serves it (the split topology's realtime process).
    const bound = topology.events === topology.api ? 1_000 : 16_000
    const endedAt = await Promise.race([live.ended, new Promise<number>((resolve) => setTimeout(resolve, bound, NaN))])
    expect(endedAt - signedOutAt).toBeLessThan(bound)

    // A change by another session of the same user reaches no stream of the ended one.
    const again = await Client.signIn(topology.api, bea.email, "scenario password", topology.events)
    const task = (await again.call("POST", "/tasks", { title: "After sign-out" })).body
    const fresh = again.live()
    await fresh.opened
    await again.call("PATCH", `/tasks/${task.id}`, { title: "After sign-out, renamed" })
    await eventually(
      async () => fresh.messages.find((message) => message.data.payload.change === "updated"),
      2_000,
      "the change on the live session's stream"
    )
    expect(live.messages.filter((message) => message.data.payload.task_id === task.id)).toEqual([])
    fresh.close()
  }, 30_000)

  it("never streams one user's changes to another", async () => {
    const grace = await Client.signUp(topology.api, "Europe/Berlin", topology.events)
    const graceLive = grace.live()
    await graceLive.opened
    const adaLive = ada.live()
    await adaLive.opened
    const task = (await ada.call("POST", "/tasks", { title: "Private" })).body
    await eventually(
      async () => adaLive.messages.find((m) => m.data.payload.task_id === task.id),
      2_000,
      "ada's update"
    )
    expect(graceLive.messages).toEqual([])
    graceLive.close()
    adaLive.close()
  })
})
