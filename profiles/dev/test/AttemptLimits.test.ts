/**
 * Sign-in, sign-up and password-reset requests are limited per account and per client address, with
 * 429 and `Retry-After`. Run against the `dev` process as users run it, behind a trusted proxy (as on
 * Kubernetes behind an ingress): each request's `X-Forwarded-For` is its client.
 */
import { SIGN_INS_PER_ACCOUNT } from "@tickler/accounts"
import { startSingleProcess, type Topology } from "@tickler/scenarios"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const SIGN_UPS_PER_HOUR = 3

describe("attempt limits on the dev process", () => {
  let topology: Topology
  beforeAll(async () => {
    topology = await startSingleProcess({
      env: { TICKLER_TRUSTED_PROXIES: "127.0.0.1/32", TICKLER_SIGN_UPS_PER_HOUR: String(SIGN_UPS_PER_HOUR) }
    })
  })
  afterAll(async () => {
    await topology?.stop()
  })

  const post = (path: string, body: unknown, client: string) =>
    fetch(`${topology.api}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": client },
      body: JSON.stringify(body)
    })
  const signUp = (email: string, client: string) =>
    post("/auth/sign-up", { email, password: "a long enough passphrase", timeZone: "UTC" }, client)

  it("answers 429 with Retry-After once one account had its sign-in attempts, and only for that account", async () => {
    const suffix = Date.now()
    expect((await signUp(`grace-${suffix}@example.com`, "198.51.100.1")).status).toBe(201)
    expect((await signUp(`alan-${suffix}@example.com`, "198.51.100.1")).status).toBe(201)
    // Each guess from another address: the account's own limit is what stops them.
    for (let guess = 0; guess < SIGN_INS_PER_ACCOUNT.max; guess++) {
      const wrong = await post(
        "/auth/sign-in",
        { email: `grace-${suffix}@example.com`, password: `guess number ${guess}` },
        `203.0.113.${guess + 1}`
      )
      expect(wrong.status).toBe(401)
    }
    const limited = await post(
      "/auth/sign-in",
      { email: `grace-${suffix}@example.com`, password: "a long enough passphrase" },
      "203.0.113.200"
    )
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(SIGN_INS_PER_ACCOUNT.windowSeconds - 60)
    expect((await limited.json()).message).toContain("too many sign-in attempts")
    const other = await post(
      "/auth/sign-in",
      { email: `alan-${suffix}@example.com`, password: "a long enough passphrase" },
      "203.0.113.200"
    )
    expect(other.status).toBe(200)
  })

  it("answers 429 with Retry-After to an address past its sign-ups for the hour, not to another address", async () => {
    const suffix = Date.now()
    for (let n = 0; n < SIGN_UPS_PER_HOUR; n++) {
      expect((await signUp(`user${n}-${suffix}@example.com`, "192.0.2.7")).status).toBe(201)
    }
    const limited = await signUp(`one-too-many-${suffix}@example.com`, "192.0.2.7")
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(3_000)
    // Nothing was created: that address can sign up from elsewhere.
    expect((await signUp(`one-too-many-${suffix}@example.com`, "192.0.2.8")).status).toBe(201)
  })
})
