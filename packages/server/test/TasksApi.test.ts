import { testDatabases } from "@tickler/platform/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeTestApp, type TestApp } from "./TestApp.ts"

/** Every route that addresses one task, as [method, path after /tasks/{id}]. */
const taskRoutes = [
  ["GET", ""],
  ["PATCH", ""],
  ["DELETE", ""],
  ["POST", "/complete"],
  ["POST", "/reopen"]
] as const

describe.each(testDatabases())("tasks API on $name", (database) => {
  let app: TestApp
  let token: string
  const create = async (body: Record<string, unknown>, as = token) => {
    const response = await app.call("POST", "/tasks", { token: as, body })
    expect(response.status, JSON.stringify(response.body)).toBe(201)
    return response.body
  }
  const list = async (query: string, as = token) => {
    const response = await app.call("GET", `/tasks?${query}`, { token: as })
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    return response.body as { items: Array<any>; nextCursor: string | null }
  }
  const titles = async (query: string, as = token) => (await list(query, as)).items.map((task) => task.title)

  beforeAll(async () => {
    app = makeTestApp(database)
    token = await app.signUp()
  })
  afterAll(async () => {
    await app?.dispose()
  })

  describe("create, read, update, delete", () => {
    it("creates a task with every field and reads it back", async () => {
      const task = await create({
        title: "  Write quarterly report  ",
        description: "Use **last year's** numbers",
        priority: "high",
        tags: ["work", "Reports"],
        due: { kind: "datetime", local: "2026-12-01T09:00", zone: "Europe/Berlin" },
        recurrence: { rrule: "FREQ=MONTHLY;BYMONTHDAY=1", mode: "schedule" },
        reminders: [
          { kind: "relative", minutesBefore: 30 },
          { kind: "absolute", at: "2026-11-30T18:00:00Z" }
        ]
      })
      expect(task).toMatchObject({
        title: "Write quarterly report",
        status: "open",
        priority: "high",
        tags: ["Reports", "work"],
        due: { kind: "datetime", local: "2026-12-01T09:00", zone: "Europe/Berlin" },
        dueAt: "2026-12-01T08:00:00.000Z",
        recurrence: { rrule: "FREQ=MONTHLY;BYMONTHDAY=1", mode: "schedule" },
        occurrence: 1,
        completedAt: null
      })
      expect(task.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/)
      expect(task.seriesId).toMatch(/^[0-9a-f-]{36}$/)
      expect(task.reminders).toHaveLength(2)
      expect(task.reminders[0]).toMatchObject({ kind: "relative", minutesBefore: 30 })
      expect(task.reminders[1]).toMatchObject({ kind: "absolute", at: "2026-11-30T18:00:00.000Z" })

      const fetched = await app.call("GET", `/tasks/${task.id}`, { token })
      expect(fetched.status).toBe(200)
      expect(fetched.body).toEqual(task)
    })

    it("keeps 9:00 Berlin at 9:00 across the DST change", async () => {
      const summer = await create({
        title: "Summer standup",
        due: { kind: "datetime", local: "2026-07-01T09:00", zone: "Europe/Berlin" }
      })
      const winter = await create({
        title: "Winter standup",
        due: { kind: "datetime", local: "2026-12-01T09:00", zone: "Europe/Berlin" }
      })
      expect(summer.dueAt).toBe("2026-07-01T07:00:00.000Z")
      expect(winter.dueAt).toBe("2026-12-01T08:00:00.000Z")
    })

    it("applies defaults to a title-only task", async () => {
      const task = await create({ title: "Buy milk" })
      expect(task).toMatchObject({
        description: "",
        priority: "none",
        tags: [],
        due: null,
        dueAt: null,
        recurrence: null,
        reminders: [],
        seriesId: null,
        occurrence: null
      })
    })

    it("updates only the fields sent, and clears a due date with null", async () => {
      const task = await create({
        title: "Call the bank",
        priority: "low",
        due: { kind: "date", date: "2026-12-24" },
        tags: ["errands"]
      })
      const renamed = await app.call("PATCH", `/tasks/${task.id}`, {
        token,
        body: { title: "Call the bank about the card" }
      })
      expect(renamed.status).toBe(200)
      expect(renamed.body).toMatchObject({
        title: "Call the bank about the card",
        priority: "low",
        tags: ["errands"],
        due: { kind: "date", date: "2026-12-24" }
      })
      const cleared = await app.call("PATCH", `/tasks/${task.id}`, { token, body: { due: null, tags: [] } })
      expect(cleared.body).toMatchObject({ due: null, dueAt: null, tags: [] })
      expect(Date.parse(cleared.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(task.updatedAt))
    })

    it("completes and reopens, idempotently", async () => {
      const task = await create({ title: "Water plants" })
      const done = await app.call("POST", `/tasks/${task.id}/complete`, { token })
      expect(done.body).toMatchObject({ status: "completed" })
      expect(done.body.completedAt).not.toBeNull()
      const again = await app.call("POST", `/tasks/${task.id}/complete`, { token })
      expect(again.body.completedAt).toBe(done.body.completedAt)
      const reopened = await app.call("POST", `/tasks/${task.id}/reopen`, { token })
      expect(reopened.body).toMatchObject({ status: "open", completedAt: null })
    })

    it("deletes a task; it is gone afterwards", async () => {
      const task = await create({ title: "Temporary" })
      expect((await app.call("DELETE", `/tasks/${task.id}`, { token })).status).toBe(204)
      expect((await app.call("GET", `/tasks/${task.id}`, { token })).status).toBe(404)
      expect((await app.call("DELETE", `/tasks/${task.id}`, { token })).status).toBe(404)
    })

    it("answers 404 for an unknown id on every task route", async () => {
      const missing = "01890000-0000-7000-8000-000000000000"
      for (const [method, path] of taskRoutes) {
        const response = await app.call(method, `/tasks/${missing}${path}`, {
          token,
          ...(method === "PATCH" ? { body: { title: "x" } } : {})
        })
        expect(response.status, `${method} ${path}`).toBe(404)
      }
    })
  })

  describe("bad input", () => {
    const rejects = async (body: unknown, path: ReadonlyArray<string | number>) => {
      const before = (await list("status=all&limit=200")).items.length
      const response = await app.call("POST", "/tasks", { token, body })
      expect(response.status).toBe(400)
      expect(response.headers.get("content-type")).toContain("application/problem+json")
      expect(response.body.errors.map((error: any) => error.path)).toContainEqual(["payload", ...path])
      expect((await list("status=all&limit=200")).items.length).toBe(before)
      return response.body
    }

    it("names the field and the rule", async () => {
      const blank = await rejects({ title: "   " }, ["title"])
      expect(JSON.stringify(blank.errors)).toContain("1–500")
      await rejects({ title: "x".repeat(501) }, ["title"])
      await rejects({}, ["title"])
      await rejects({ title: "ok", priority: "critical" }, ["priority"])
      await rejects({ title: "ok", description: "d".repeat(20_001) }, ["description"])
      await rejects({ title: "ok", tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, ["tags"])
      await rejects({ title: "ok", tags: ["has space"] }, ["tags", 0])
      await rejects({ title: "ok", due: { kind: "date", date: "2026-02-30" } }, ["due", "date"])
      await rejects({ title: "ok", due: { kind: "datetime", local: "2026-03-01T09:00", zone: "Mars/Olympus" } }, [
        "due",
        "zone"
      ])
      await rejects({ title: "ok", reminders: [{ kind: "relative", minutesBefore: -5 }] }, [
        "reminders",
        0,
        "minutesBefore"
      ])
      await rejects(
        { title: "ok", reminders: Array.from({ length: 11 }, () => ({ kind: "relative", minutesBefore: 5 })) },
        ["reminders"]
      )
    })

    it("rejects an invalid recurrence rule, naming the rule", async () => {
      const body = await rejects(
        {
          title: "ok",
          due: { kind: "date", date: "2026-12-01" },
          recurrence: { rrule: "FREQ=HOURLY", mode: "schedule" }
        },
        ["recurrence", "rrule"]
      )
      expect(JSON.stringify(body.errors)).toMatch(/FREQ/)
    })

    it("refuses rules that span fields with 422 and the field", async () => {
      const noDue = await app.call("POST", "/tasks", {
        token,
        body: { title: "x", reminders: [{ kind: "relative", minutesBefore: 10 }] }
      })
      expect(noDue.status).toBe(422)
      expect(noDue.headers.get("content-type")).toContain("application/problem+json")
      expect(noDue.body).toEqual({
        type: "https://tickler.dev/problems/invalid-input",
        title: "Invalid input",
        status: 422,
        field: "reminders[0]",
        detail: "a reminder relative to the due date needs a due date"
      })
      const recurringNoDue = await app.call("POST", "/tasks", {
        token,
        body: { title: "x", recurrence: { rrule: "FREQ=DAILY", mode: "schedule" } }
      })
      expect(recurringNoDue.status).toBe(422)
      expect(recurringNoDue.body).toMatchObject({ field: "recurrence" })
    })

    it("rejects malformed JSON, a bad id and bad query parameters", async () => {
      expect((await app.call("POST", "/tasks", { token, rawBody: "{not json" })).status).toBe(400)
      const badId = await app.call("GET", "/tasks/not-a-uuid", { token })
      expect(badId.status).toBe(400)
      expect(badId.body.errors[0].path).toEqual(["params", "id"])
      for (const query of [
        "limit=0",
        "limit=201",
        "limit=ten",
        "sort=colour",
        "priority=critical",
        "dueFrom=yesterday"
      ]) {
        expect((await app.call("GET", `/tasks?${query}`, { token })).status, query).toBe(400)
      }
      const badCursor = await app.call("GET", "/tasks?cursor=garbage", { token })
      expect(badCursor.status).toBe(422)
      expect(badCursor.body).toMatchObject({ field: "cursor" })
      const badFilter = await app.call("GET", `/tasks?filter=${encodeURIComponent("priority >= ")}`, { token })
      expect(badFilter.status).toBe(422)
      expect(badFilter.body.field).toBe("filter")
    })

    it("refuses an oversized body with 413 and writes nothing", async () => {
      const response = await app.call("POST", "/tasks", {
        token,
        rawBody: JSON.stringify({ title: "big", description: "x".repeat(300_000) })
      })
      expect(response.status).toBe(413)
    })
  })

  describe("accounts over HTTP", () => {
    it("signs up, in and out with a bearer token or the session cookie", async () => {
      const email = `grace-${Date.now()}@example.com`
      const signUp = await app.call("POST", "/auth/sign-up", {
        body: { email, password: "correct horse battery", timeZone: "America/New_York" }
      })
      expect(signUp.status).toBe(201)
      const cookie = signUp.headers
        .getSetCookie()
        .map((header) => header.split(";")[0])
        .join("; ")
      expect(cookie).toContain("session_token")
      expect((await app.call("GET", "/auth/me", { headers: { cookie } })).body).toMatchObject({ email })
      expect((await app.call("GET", "/settings", { token: signUp.body.token })).body.timeZone).toBe("America/New_York")

      expect(
        (
          await app.call("POST", "/auth/sign-up", {
            body: { email: email.toUpperCase(), password: "another password" }
          })
        ).status
      ).toBe(409)
      expect((await app.call("POST", "/auth/sign-in", { body: { email, password: "wrong password" } })).status).toBe(
        401
      )
      const signIn = await app.call("POST", "/auth/sign-in", { body: { email, password: "correct horse battery" } })
      expect(signIn.status).toBe(200)

      expect((await app.call("POST", "/auth/sign-out", { token: signIn.body.token })).status).toBe(204)
      expect((await app.call("GET", "/auth/me", { token: signIn.body.token })).status).toBe(401)
      expect((await app.call("GET", "/auth/me", { token: signUp.body.token })).status).toBe(200)
    })

    it("rejects a malformed sign-up naming the field", async () => {
      const badEmail = await app.call("POST", "/auth/sign-up", {
        body: { email: "not-an-email", password: "long enough password" }
      })
      expect(badEmail.status).toBe(400)
      expect(badEmail.body.errors).toEqual([
        { path: ["payload", "email"], message: "must be an email address like ada@example.com" }
      ])
      const badPassword = await app.call("POST", "/auth/sign-up", {
        body: { email: "ada@example.com", password: "short" }
      })
      expect(badPassword.body.errors).toEqual([
        { path: ["payload", "password"], message: "a password is 8–128 characters" }
      ])
    })
  })

  describe("documentation", () => {
    it("publishes OpenAPI 3.1 and an interactive reference without signing in", async () => {
      const spec = await app.call("GET", "/openapi.json")
      expect(spec.status).toBe(200)
      expect(spec.body.openapi).toBe("3.1.0")
      expect(Object.keys(spec.body.paths)).toEqual(
        expect.arrayContaining([
          "/api/tasks",
          "/api/tasks/{id}",
          "/api/tasks/parse",
          "/api/tags/{name}",
          "/api/settings"
        ])
      )
      const docs = await app.call("GET", "/docs")
      expect(docs.status).toBe(200)
      expect(docs.headers.get("content-type")).toContain("text/html")
    })

    it("requires a session on every task, tag and settings route", async () => {
      for (const [method, path] of [
        ["GET", "/tasks"],
        ["POST", "/tasks"],
        ["GET", "/tags"],
        ["GET", "/settings"],
        ["GET", "/auth/me"]
      ] as const) {
        const anonymous = await app.call(method, path, method === "POST" ? { body: { title: "x" } } : {})
        expect(anonymous.status, `${method} ${path}`).toBe(401)
        expect((await app.call(method, path, { token: "not-a-session" })).status).toBe(401)
      }
    })
  })

  describe("isolation between users", () => {
    it("never shows or changes another user's tasks, answering 404 exactly as for a missing id", async () => {
      const other = await app.signUp()
      const mine = await create({ title: "Alice's secret plan", tags: ["private"] })
      const missing = "01890000-0000-7000-8000-000000000001"
      for (const [method, path] of taskRoutes) {
        const body = method === "PATCH" ? { body: { title: "hijacked" } } : {}
        const foreign = await app.call(method, `/tasks/${mine.id}${path}`, { token: other, ...body })
        const absent = await app.call(method, `/tasks/${missing}${path}`, { token: other, ...body })
        expect(foreign.status).toBe(404)
        expect(Object.keys(foreign.body)).toEqual(Object.keys(absent.body))
      }
      expect(await titles("status=all&limit=200", other)).toEqual([])
      expect(await titles("q=secret", other)).toEqual([])
      expect((await app.call("GET", "/tags", { token: other })).body).toEqual([])
      expect((await app.call("PATCH", "/tags/private", { token: other, body: { name: "mine" } })).status).toBe(404)
      expect((await app.call("GET", `/tasks/${mine.id}`, { token })).body.title).toBe("Alice's secret plan")
      expect((await app.call("GET", `/tasks/${mine.id}`, { token })).body.tags).toEqual(["private"])
    })

    it("lets two users have tags with the same name", async () => {
      const other = await app.signUp()
      await create({ title: "a", tags: ["shared-name"] })
      await create({ title: "b", tags: ["Shared-Name"] }, other)
      const otherTags = (await app.call("GET", "/tags", { token: other })).body
      expect(otherTags).toEqual([{ name: "Shared-Name", openCount: 1, totalCount: 1 }])
    })
  })
})
