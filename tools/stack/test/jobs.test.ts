// Jobs API (Dapr Scheduler): one-shot due time and lateness, POST /job/<name> on the app that
// scheduled it, survival across a Scheduler restart, delete, overwrite.
import { describe, expect, it } from "vitest"
import { killNow, stopProcess } from "../src/proc.ts"
import { up } from "../src/stack.ts"
import { dapr, eventually, records, sleep, uid } from "./helpers.ts"

const jobTriggers = async (name: string) =>
  (await records("probe-a")).filter((r) => r.kind === "job" && r.path === `/job/${name}`)
const schedule = (name: string, body: Record<string, unknown>) => dapr("probe-a", "POST", `/v1.0/jobs/${name}`, body)
const lateness: number[] = []

describe("jobs (Dapr Scheduler)", () => {
  it("fires a one-shot job at its due time, calling POST /job/<name> with the job's data", async () => {
    const name = uid("once")
    const due = new Date(Date.now() + 3000)
    const res = await schedule(name, { dueTime: due.toISOString(), data: { hello: name } })
    expect(res.status).toBe(204)
    const [fired] = await eventually("the job trigger", async () => {
      const t = await jobTriggers(name)
      return t.length > 0 ? t : undefined
    })
    const late = fired!.at - due.getTime()
    lateness.push(late)
    console.log(`[jobs] one-shot job lateness: ${late} ms`)
    expect(late).toBeGreaterThanOrEqual(0) // never early
    expect(late).toBeLessThan(3000)
    expect(fired!.body).toEqual({ hello: name }) // body is exactly the job's data
    await sleep(2000)
    expect((await jobTriggers(name)).length).toBe(1) // one-shot: fired once
  })

  it("measures lateness over several one-shot jobs", async () => {
    const names = [uid("lat"), uid("lat"), uid("lat"), uid("lat"), uid("lat")]
    const dues = new Map<string, number>()
    for (const [i, name] of names.entries()) {
      const due = Date.now() + 2000 + i * 300
      dues.set(name, due)
      expect((await schedule(name, { dueTime: new Date(due).toISOString(), data: { i } })).status).toBe(204)
    }
    for (const name of names) {
      const [t] = await eventually(`trigger of ${name}`, async () => {
        const t = await jobTriggers(name)
        return t.length > 0 ? t : undefined
      })
      lateness.push(t!.at - dues.get(name)!)
    }
    const sorted = [...lateness].sort((a, b) => a - b)
    console.log(
      `[jobs] lateness over ${sorted.length} jobs: min ${sorted[0]} ms, median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms`
    )
    expect(sorted[0]).toBeGreaterThanOrEqual(0)
  })

  it("GET returns a scheduled job; DELETE stops a repeating job", async () => {
    const name = uid("every")
    expect((await schedule(name, { schedule: "@every 1s", data: { tick: true } })).status).toBe(204)
    const got = await dapr("probe-a", "GET", `/v1.0/jobs/${name}`)
    expect(got.status).toBe(200)
    expect((got.json as { name: string; schedule: string }).schedule).toBe("@every 1s")
    await eventually("two triggers", async () => (await jobTriggers(name)).length >= 2, 10_000)
    expect((await dapr("probe-a", "DELETE", `/v1.0/jobs/${name}`)).status).toBe(204)
    await sleep(1000) // a trigger already in flight may still land
    const afterDelete = (await jobTriggers(name)).length
    await sleep(3000)
    expect((await jobTriggers(name)).length).toBe(afterDelete)
    // Dapr 1.18.2 answers a missing job with HTTP 500 wrapping gRPC NotFound (not 404)
    const gone = await dapr("probe-a", "GET", `/v1.0/jobs/${name}`)
    expect(gone.status).toBe(500)
    expect(gone.text).toContain("NotFound")
  })

  it("refuses to replace an existing job unless overwrite is set, then fires only the new one", async () => {
    const name = uid("over")
    const far = new Date(Date.now() + 60_000).toISOString()
    expect((await schedule(name, { dueTime: far, data: { v: 1 } })).status).toBe(204)
    const again = await schedule(name, { dueTime: far, data: { v: 2 } })
    expect(again.status).toBeGreaterThanOrEqual(400) // already exists
    console.log(
      `[jobs] re-scheduling an existing job without overwrite: HTTP ${again.status} ${again.text.slice(0, 160)}`
    )
    const soon = new Date(Date.now() + 2000)
    expect((await schedule(name, { dueTime: soon.toISOString(), data: { v: 3 }, overwrite: true })).status).toBe(204)
    const fired = await eventually("the overwritten job", async () => {
      const t = await jobTriggers(name)
      return t.length > 0 ? t : undefined
    })
    expect(fired[0]!.body).toEqual({ v: 3 })
    await sleep(1500)
    expect((await jobTriggers(name)).length).toBe(1)
  })

  it("holds a trigger that falls due while the app's sidecar is down and delivers it on reconnect", async () => {
    const name = uid("staged")
    const due = Date.now() + 2000
    const res = await dapr("probe-b", "POST", `/v1.0/jobs/${name}`, {
      dueTime: new Date(due).toISOString(),
      data: { staged: true }
    })
    expect(res.status).toBe(204)
    const triggers = async () => (await records("probe-b")).filter((r) => r.kind === "job" && r.path === `/job/${name}`)
    killNow("probe-b-daprd")
    await sleep(due - Date.now() + 2000) // due time passes with no sidecar connected for probe-b
    expect(await triggers()).toEqual([])
    await up(["probe-b"]) // only the sidecar restarts; probe-b's app kept running
    const fired = await eventually(
      "the staged trigger",
      async () => {
        const t = await triggers()
        return t.length > 0 ? t : undefined
      },
      30_000
    )
    expect(fired[0]!.body).toEqual({ staged: true })
    console.log(`[jobs] trigger staged while the sidecar was down arrived ${fired[0]!.at - due} ms after its due time`)
  })

  it("keeps a job across a Scheduler restart (jobs live in its etcd data dir)", async () => {
    const name = uid("durable")
    const due = Date.now() + 12_000
    expect((await schedule(name, { dueTime: new Date(due).toISOString(), data: { durable: true } })).status).toBe(204)
    expect(await stopProcess("scheduler")).toBe(true)
    await sleep(1000)
    await up(["scheduler"])
    const fired = await eventually(
      "the job after the restart",
      async () => {
        const t = await jobTriggers(name)
        return t.length > 0 ? t : undefined
      },
      40_000
    )
    expect(fired[0]!.body).toEqual({ durable: true })
    expect(fired[0]!.at).toBeGreaterThanOrEqual(due)
    console.log(`[jobs] job scheduled before a Scheduler restart fired ${fired[0]!.at - due} ms after its due time`)
  })
})
