import { afterEach, describe, expect, it, vi } from "vitest"

// The real typed client over a fetch that answers what each test says, as the server would.
let answer: () => Promise<Response> = () => Promise.reject(new TypeError("fetch failed"))
vi.stubGlobal("fetch", () => answer())
const { api, ApiError } = await import("../../src/api/client.ts")

const problem =
  (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  () =>
    Promise.resolve(
      new Response(JSON.stringify(body), {
        status,
        headers: { "content-type": "application/problem+json", ...headers }
      })
    )

const failure = async () => {
  const error = await api((c) => c.tasks.list({ query: {} })).then(
    () => undefined,
    (error: unknown) => error
  )
  expect(error).toBeInstanceOf(ApiError)
  return error as InstanceType<typeof ApiError>
}

describe("what the web app makes of a failed call", () => {
  afterEach(() => {
    answer = () => Promise.reject(new TypeError("fetch failed"))
  })

  it("503 (the database is away): unavailable, try again shortly — not signed out, not a network error", async () => {
    answer = problem(
      503,
      { title: "Service Unavailable", status: 503, detail: "the database is unavailable" },
      { "retry-after": "5" }
    )
    const error = await failure()
    expect(error.kind).toBe("unavailable")
    expect(error.message).toContain("Try again in a few seconds")
  })

  it("no answer at all: a network error", async () => {
    expect((await failure()).kind).toBe("network")
  })

  it("401: signed out", async () => {
    answer = problem(401, { _tag: "Unauthorized", message: "sign in first" })
    expect((await failure()).kind).toBe("unauthorized")
  })

  it("another 5xx: a server error", async () => {
    answer = () => Promise.resolve(new Response("", { status: 500 }))
    expect((await failure()).kind).toBe("server")
  })
})
