import { testDatabases } from "@tickler/platform/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeTestApp, type TestApp } from "./TestApp.ts"

const freshEmail = (name = "ada") => `${name}.${Math.random().toString(36).slice(2)}@example.com`

describe.each(testDatabases())("account API on $name", (database) => {
  let app: TestApp

  beforeAll(() => {
    app = makeTestApp(database)
  })
  afterAll(async () => {
    await app?.dispose()
  })

  it("sign-up refuses a common password with a 422 naming password, and says why", async () => {
    const response = await app.call("POST", "/auth/sign-up", { body: { email: freshEmail(), password: "Password" } })
    expect(response.status).toBe(422)
    expect(response.body).toMatchObject({
      field: "password",
      detail: "this password is among the most common ones; choose another"
    })
    const short = await app.call("POST", "/auth/sign-up", { body: { email: freshEmail(), password: "short" } })
    expect(short.status).toBe(400)
    expect(JSON.stringify(short.body)).toContain("a password is 8–128 characters")
  })
})
