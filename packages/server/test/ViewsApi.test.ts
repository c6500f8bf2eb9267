import { testDatabases } from "@tickler/platform/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeTestApp, type TestApp } from "./TestApp.ts"

describe.each(testDatabases())("saved views on $name", (database) => {
  let app: TestApp
  let alice: string
  let bob: string

  const create = async (token: string, name: string, query: string) => {
    const response = await app.call("POST", "/views", { token, body: { name, query } })
    expect(response.status, JSON.stringify(response.body)).toBe(201)
    return response.body as { id: string; name: string; query: string; position: number }
  }
  const names = async (token: string) => {
    const response = await app.call("GET", "/views", { token })
    expect(response.status).toBe(200)
    return (response.body as Array<{ name: string; position: number }>).map((view) => `${view.position}:${view.name}`)
  }

  beforeAll(async () => {
    app = makeTestApp(database)
    alice = await app.signUp()
    bob = await app.signUp()
  })
  afterAll(async () => {
    await app?.dispose()
  })

  it("creates views at the end of the list, trimmed, and lists them in order", async () => {
    const work = await create(alice, "  Work  ", "#work & open")
    expect(work).toMatchObject({ name: "Work", query: "#work & open", position: 0 })
    expect(work.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/)
    await create(alice, "Urgent", "priority >= high")
    await create(alice, "Someday", "#someday")
    expect(await names(alice)).toEqual(["0:Work", "1:Urgent", "2:Someday"])
  })

  it("renames, changes the query and reorders, keeping positions dense", async () => {
    const views = (await app.call("GET", "/views", { token: alice })).body as Array<{ id: string; name: string }>
    const someday = views.find((view) => view.name === "Someday")!
    const renamed = await app.call("PATCH", `/views/${someday.id}`, {
      token: alice,
      body: { name: "Later", query: "#someday | no date" }
    })
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200)
    expect(renamed.body).toMatchObject({ name: "Later", query: "#someday | no date", position: 2 })

    const moved = await app.call("PATCH", `/views/${someday.id}`, { token: alice, body: { position: 0 } })
    expect(moved.status).toBe(200)
    expect(moved.body.position).toBe(0)
    expect(await names(alice)).toEqual(["0:Later", "1:Work", "2:Urgent"])

    // A position past the end moves it last.
    await app.call("PATCH", `/views/${someday.id}`, { token: alice, body: { position: 99 } })
    expect(await names(alice)).toEqual(["0:Work", "1:Urgent", "2:Later"])
  })

  it("deletes a view and closes the gap", async () => {
    const views = (await app.call("GET", "/views", { token: alice })).body as Array<{ id: string; name: string }>
    const work = views.find((view) => view.name === "Work")!
    expect((await app.call("DELETE", `/views/${work.id}`, { token: alice })).status).toBe(204)
    expect(await names(alice)).toEqual(["0:Urgent", "1:Later"])
    expect((await app.call("DELETE", `/views/${work.id}`, { token: alice })).status).toBe(404)
    expect((await app.call("PATCH", `/views/${work.id}`, { token: alice, body: { name: "x" } })).status).toBe(404)
  })

  it("a view's query filters the task list", async () => {
    const token = await app.signUp()
    for (const body of [
      { title: "Ship the release", priority: "urgent", tags: ["work"] },
      { title: "Water plants", priority: "low", tags: ["home"] },
      { title: "Review PR", priority: "high", tags: ["work"] }
    ]) {
      expect((await app.call("POST", "/tasks", { token, body })).status).toBe(201)
    }
    const view = await create(token, "Hot work", "#work & priority >= high")
    const listed = await app.call("GET", `/tasks?filter=${encodeURIComponent(view.query)}&sort=title`, { token })
    expect(listed.status).toBe(200)
    expect(listed.body.items.map((task: { title: string }) => task.title)).toEqual(["Review PR", "Ship the release"])
  })

  it("refuses a query that does not parse with a 422 naming `query` and where", async () => {
    const response = await app.call("POST", "/views", { token: alice, body: { name: "Broken", query: "priority >= " } })
    expect(response.status).toBe(422)
    expect(response.body).toMatchObject({ type: "https://tickler.dev/problems/invalid-input", field: "query" })
    expect(response.body.detail).toMatch(/at \d+/)
    const views = (await app.call("GET", "/views", { token: alice })).body as Array<{ id: string }>
    const patched = await app.call("PATCH", `/views/${views[0]!.id}`, { token: alice, body: { query: "#" } })
    expect(patched.status).toBe(422)
    expect(patched.body.field).toBe("query")
    expect(await names(alice)).toEqual(["0:Urgent", "1:Later"])
  })

  it("refuses a duplicate name in any case with 409, on create and on rename", async () => {
    const clash = await app.call("POST", "/views", { token: alice, body: { name: "uRGENT", query: "p1" } })
    expect(clash.status).toBe(409)
    expect(clash.body._tag).toBe("ViewConflict")
    const views = (await app.call("GET", "/views", { token: alice })).body as Array<{ id: string; name: string }>
    const later = views.find((view) => view.name === "Later")!
    const renamed = await app.call("PATCH", `/views/${later.id}`, { token: alice, body: { name: "URGENT" } })
    expect(renamed.status).toBe(409)
    // Renaming a view to another spelling of its own name is fine.
    const respelled = await app.call("PATCH", `/views/${later.id}`, { token: alice, body: { name: "LATER" } })
    expect(respelled.status).toBe(200)
    expect(await names(alice)).toEqual(["0:Urgent", "1:LATER"])
  })

  it("keeps users apart: lists never mix, another user's view id is 404, names are per user", async () => {
    const bobs = await create(bob, "Urgent", "p1")
    expect(await names(bob)).toEqual(["0:Urgent"])
    expect(await names(alice)).toEqual(["0:Urgent", "1:LATER"])
    const alices = (await app.call("GET", "/views", { token: alice })).body as Array<{ id: string }>
    const foreign = alices[0]!.id
    expect((await app.call("PATCH", `/views/${foreign}`, { token: bob, body: { name: "Mine" } })).status).toBe(404)
    expect((await app.call("PATCH", `/views/${foreign}`, { token: bob, body: { position: 0 } })).status).toBe(404)
    expect((await app.call("DELETE", `/views/${foreign}`, { token: bob })).status).toBe(404)
    expect((await app.call("DELETE", `/views/${bobs.id}`, { token: alice })).status).toBe(404)
    expect(await names(alice)).toEqual(["0:Urgent", "1:LATER"])
    expect(await names(bob)).toEqual(["0:Urgent"])
    expect((await app.call("GET", "/views")).status).toBe(401)
  })

  it("answers 400 naming the field for malformed input", async () => {
    const cases: Array<[unknown, Array<string>]> = [
      [{ name: "   ", query: "p1" }, ["payload", "name"]],
      [{ name: "x".repeat(101), query: "p1" }, ["payload", "name"]],
      [{ query: "p1" }, ["payload", "name"]],
      [{ name: "No query" }, ["payload", "query"]],
      [{ name: "Empty query", query: "" }, ["payload", "query"]]
    ]
    for (const [body, path] of cases) {
      const response = await app.call("POST", "/views", { token: alice, body })
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(response.body.errors[0].path, JSON.stringify(response.body)).toEqual(path)
    }
    const views = (await app.call("GET", "/views", { token: alice })).body as Array<{ id: string }>
    const badPosition = await app.call("PATCH", `/views/${views[0]!.id}`, { token: alice, body: { position: -1 } })
    expect(badPosition.status).toBe(400)
    expect(badPosition.body.errors[0].path).toEqual(["payload", "position"])
    const badId = await app.call("PATCH", "/views/not-a-uuid", { token: alice, body: { name: "x" } })
    expect(badId.status).toBe(400)
    expect(badId.body.errors[0].path).toEqual(["params", "id"])
  })
})
