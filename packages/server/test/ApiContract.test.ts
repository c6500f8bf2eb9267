import { testDatabases } from "@tickler/platform/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeTestApp, type TestApp } from "./TestApp.ts"

type JsonSchema = Record<string, any>

describe.each(testDatabases())("the API contract on $name", (database) => {
  let app: TestApp
  let token: string
  let openapi: JsonSchema

  beforeAll(async () => {
    app = makeTestApp(database)
    token = await app.signUp()
    openapi = (await app.call("GET", "/openapi.json")).body
  })
  afterAll(async () => {
    await app?.dispose()
  })

  const titles = async () =>
    ((await app.call("GET", "/tasks?status=all", { token })).body.items as Array<{ title: string }>).map((t) => t.title)
  /** The fields a 400 names, as `errors[].path` joined with dots. */
  const namedFields = (body: any) =>
    (body.errors as Array<{ path: Array<string | number> }>).map((error) => error.path.join("."))

  it("refuses the NUL character in any text with a 400 naming the field, and changes nothing", async () => {
    const before = await titles()
    const title = await app.call("POST", "/tasks", { token, body: { title: "a\u0000b" } })
    expect(title.status).toBe(400)
    expect(namedFields(title.body)).toEqual(["payload.title"])
    expect(JSON.stringify(title.body)).toContain("NUL")

    const tag = await app.call("POST", "/tasks", { token, body: { title: "Tagged", tags: ["ok", "b\u0000d"] } })
    expect(tag.status).toBe(400)
    expect(namedFields(tag.body)).toEqual(["payload.tags.1"])

    const search = await app.call("GET", `/tasks?q=${encodeURIComponent("a\u0000b")}`, { token })
    expect(search.status).toBe(400)
    expect(namedFields(search.body)).toEqual(["query.q"])

    expect((await app.call("POST", "/tasks", { token, body: { title: "Home chore", tags: ["home"] } })).status).toBe(
      201
    )
    const rename = await app.call("PATCH", "/tags/home", { token, body: { name: "ho\u0000me" } })
    expect(rename.status).toBe(400)
    expect(namedFields(rename.body)).toEqual(["payload.name"])

    const view = await app.call("POST", "/views", { token, body: { name: "v\u0000", query: "today" } })
    expect(view.status).toBe(400)
    expect(await titles()).toEqual([...before, "Home chore"])
  })

  it("refuses an address Better Auth would refuse with a 400 naming it, never a 500", async () => {
    for (const email of ["a@b.c", "!@!.!", 'a"b@example.com']) {
      const signUp = await app.call("POST", "/auth/sign-up", { body: { email, password: "a long enough passphrase" } })
      expect(signUp.status, email).toBe(400)
      expect(namedFields(signUp.body)).toEqual(["payload.email"])
      expect((await app.call("POST", "/auth/password-reset", { body: { email } })).status).toBe(400)
    }
  })

  it("takes a password of 128 emoji (128 characters, 256 UTF-16 units), never a 500", async () => {
    const email = `emoji-${Date.now()}@example.com`
    const password = "😀".repeat(128)
    expect((await app.call("POST", "/auth/sign-up", { body: { email, password } })).status).toBe(201)
    expect((await app.call("POST", "/auth/sign-in", { body: { email, password } })).status).toBe(200)
    expect(
      (await app.call("POST", "/auth/sign-up", { body: { email: `x${email}`, password: `${password}😀` } })).status
    ).toBe(400)
  })

  it("answers a method a path does not have with 405 and Allow, an unknown path with 404", async () => {
    const onCollection = await app.call("DELETE", "/tasks", { token })
    expect(onCollection.status).toBe(405)
    expect(onCollection.headers.get("allow")).toBe("GET, HEAD, POST")
    const onItem = await app.call("PUT", "/tasks/0190a0c8-0000-7000-8000-000000000000", { token })
    expect(onItem.status).toBe(405)
    expect(onItem.headers.get("allow")).toBe("DELETE, GET, HEAD, PATCH")
    expect((await app.call("GET", "/tasks/0190a0c8-0000-7000-8000-000000000000/complete", { token })).status).toBe(405)
    expect((await app.call("GET", "/no-such-thing", { token })).status).toBe(404)
    // A path parameter past its length is refused by its schema, naming it: not a missing route or a 405.
    const longTag = await app.call("DELETE", `/tags/${"x".repeat(150)}`, { token })
    expect(longTag.status).toBe(400)
    expect(longTag.body.errors.map((error: any) => error.path.at(-1))).toEqual(["name"])
  })

  it("states in the OpenAPI document the rules the server enforces", async () => {
    const create = openapi.paths["/api/tasks"].post.requestBody.content["application/json"].schema
    const schema = create.$ref ? openapi.components.schemas[create.$ref.split("/").pop()] : create
    expect(schema.properties.title).toMatchObject({ type: "string", maxLength: 500, pattern: "\\S" })
    expect(schema.properties.tags).toMatchObject({ maxItems: 20 })
    const tagPattern = new RegExp(schema.properties.tags.items.pattern, "u")
    expect([`  ${"x".repeat(50)} `, "x".repeat(51)].filter((tag) => tagPattern.test(tag))).toEqual([
      `  ${"x".repeat(50)} `
    ])
    const limit = openapi.paths["/api/tasks"].get.parameters.find((p: any) => p.name === "limit").schema
    const limitPattern = new RegExp(limit.pattern, "u")
    expect(["1", "50", "199", "200", "0", "201", "1e2", "-1", "07", " 5"].filter((n) => limitPattern.test(n))).toEqual([
      "1",
      "50",
      "199",
      "200"
    ])
    // What the pattern admits, the server takes; what it refuses, the server refuses.
    expect((await app.call("GET", "/tasks?limit=200", { token })).status).toBe(200)
    expect((await app.call("GET", "/tasks?limit=1e2", { token })).status).toBe(400)
  })

  it("gives every text a request can carry a rule in the OpenAPI document", () => {
    // A string with no length, pattern, enum or format is text the server would take in any size and shape.
    const unruled: Array<string> = []
    const visit = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${where}/${i}`))
      if (typeof node !== "object" || node === null) return
      const schema = node as JsonSchema
      if (schema.$ref) return visit(openapi.components.schemas[schema.$ref.split("/").pop()], where)
      if (
        schema.type === "string" &&
        !["maxLength", "pattern", "enum", "format", "const"].some((rule) => rule in schema) &&
        !(schema.allOf ?? []).some((part: JsonSchema) => "pattern" in part)
      )
        unruled.push(where)
      for (const [key, value] of Object.entries(schema)) visit(value, `${where}/${key}`)
    }
    for (const [path, operations] of Object.entries<JsonSchema>(openapi.paths)) {
      for (const [method, operation] of Object.entries<JsonSchema>(operations)) {
        for (const parameter of operation.parameters ?? [])
          visit(parameter.schema, `${method} ${path} ${parameter.name}`)
        visit(operation.requestBody?.content?.["application/json"]?.schema, `${method} ${path} body`)
      }
    }
    expect(unruled).toEqual([])
  })
})
