import { mailedToken, PushEndpoint, SmtpCapture } from "@tickler/notifications/testing"
import { Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  Client,
  eventually,
  startSingleProcess,
  startSplit,
  type Topology,
  type TopologyOptions
} from "../src/index.ts"

const topologies = [
  { name: "single process", start: (options: TopologyOptions) => startSingleProcess(options) },
  { name: "split processes on Dapr", start: (options: TopologyOptions) => startSplit(options) }
]

describe.each(topologies)("reminders and notifications on $name", ({ start }) => {
  const peers = ManagedRuntime.make(Layer.mergeAll(SmtpCapture.layer, PushEndpoint.layer))
  let smtp: SmtpCapture["Service"]
  let push: PushEndpoint["Service"]
  let topology: Topology

  beforeAll(async () => {
    smtp = await peers.runPromise(SmtpCapture.useSync((service) => service))
    push = await peers.runPromise(PushEndpoint.useSync((service) => service))
    topology = await start({
      env: {
        SMTP_HOST: "127.0.0.1",
        SMTP_PORT: String(smtp.port),
        SMTP_FROM: "Tickler <reminders@tickler.test>",
        // The push service is this test's, on 127.0.0.1: the API (subscribe) and the sender must allow it.
        TICKLER_PUSH_ALLOWED_NETWORKS: "127.0.0.1"
      }
    })
  })
  afterAll(async () => {
    await topology?.stop()
    await peers.dispose()
  })

  it("delivers a reminder due in 3 s once in-app, once by email and once as a decryptable Web Push", async () => {
    const ada = await Client.signUp(topology.api, "Europe/Berlin")
    // Email reminders go only to a verified address: follow the link sign-up mailed.
    const token = await eventually(
      async () =>
        smtp.emails
          .filter((mail) => mail.to.includes(ada.email))
          .flatMap((mail) => mailedToken(mail, "verify-email") ?? [])[0],
      10_000,
      "the verification mail"
    )
    expect((await ada.call("POST", "/auth/verify-email", { token })).status).toBe(200)
    expect(
      (await ada.call("PATCH", "/settings", { channels: ["inApp", "email", "webPush"], quietHours: null })).status
    ).toBe(200)
    const remindersTo = (email: string) =>
      smtp.emails.filter((mail) => mail.to.includes(email) && mail.subject.startsWith("Reminder"))
    const device = push.newDevice(`ada-${Date.now()}`)
    expect((await ada.call("POST", "/push/subscriptions", device.subscription)).status).toBeLessThan(300)

    const fireAt = new Date(Date.now() + 3_000)
    const task = await ada.call("POST", "/tasks", {
      title: "Take the cake out of the oven",
      due: { kind: "datetime", local: "2030-01-01T12:00", zone: "Europe/Berlin" },
      reminders: [{ kind: "absolute", at: fireAt.toISOString() }]
    })
    expect(task.status).toBe(201)

    const inApp = await eventually(
      async () => {
        const page = (await ada.call("GET", "/notifications")).body
        return page.items.length > 0 ? page : undefined
      },
      10_000,
      "the in-app notification"
    )
    const email = await eventually(async () => remindersTo(ada.email)[0], 10_000, "the email")
    const received = await eventually(
      async () => push.received.find((p) => p.device === device.name),
      10_000,
      "the push"
    )
    const lateness = received.receivedAt - fireAt.getTime()
    console.log(`[${topology.name}] reminder → web push lateness: ${lateness} ms`)

    expect(inApp.items[0].taskId).toBe(task.body.id)
    expect(inApp.unreadCount).toBe(1)
    expect(email.subject).toContain("Take the cake out of the oven")
    expect(JSON.stringify(received.payload)).toContain("Take the cake out of the oven")
    expect(push.rejected).toEqual([])
    expect(received.receivedAt).toBeGreaterThanOrEqual(fireAt.getTime())

    // Nothing arrives twice, even after the sweep has had its chance.
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    expect((await ada.call("GET", "/notifications")).body.items).toHaveLength(1)
    expect(remindersTo(ada.email)).toHaveLength(1)
    expect(push.received.filter((p) => p.device === device.name)).toHaveLength(1)
  })

  it("a reminder taken off a task, or on a task completed or deleted, never arrives; one moved arrives at its new time", async () => {
    const bea = await Client.signUp(topology.api, "Europe/Berlin")
    expect((await bea.call("PATCH", "/settings", { channels: ["inApp"], quietHours: null })).status).toBe(200)
    const soon = (ms: number) => [{ kind: "absolute", at: new Date(Date.now() + ms).toISOString() }]
    const removed = await bea.call("POST", "/tasks", { title: "Reminder removed", reminders: soon(2_500) })
    const completed = await bea.call("POST", "/tasks", { title: "Task completed", reminders: soon(2_500) })
    const deleted = await bea.call("POST", "/tasks", { title: "Task deleted", reminders: soon(2_500) })
    const moved = await bea.call("POST", "/tasks", { title: "Reminder moved", reminders: soon(2_500) })
    expect((await bea.call("PATCH", `/tasks/${removed.body.id}`, { reminders: [] })).status).toBe(200)
    expect((await bea.call("POST", `/tasks/${completed.body.id}/complete`)).status).toBe(200)
    expect((await bea.call("DELETE", `/tasks/${deleted.body.id}`)).status).toBeLessThan(300)
    const movedTo = Date.now() + 5_000
    expect((await bea.call("PATCH", `/tasks/${moved.body.id}`, { reminders: soon(movedTo - Date.now()) })).status).toBe(
      200
    )

    const arrived = await eventually(
      async () => {
        const page = (await bea.call("GET", "/notifications")).body
        return page.items.length > 0 ? page.items : undefined
      },
      12_000,
      "the moved reminder"
    )
    expect(Date.now()).toBeGreaterThanOrEqual(movedTo)
    // Past every original time (2.5 s) and the moved one: only the moved reminder came, once.
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const items = (await bea.call("GET", "/notifications")).body.items
    expect(items.map((item: { title: string }) => item.title)).toEqual(["Reminder: Reminder moved"])
    expect(arrived[0].taskId).toBe(moved.body.id)
  })
})
