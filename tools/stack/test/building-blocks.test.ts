// State, secrets, configuration, service invocation and the cron binding, against real sidecars.
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { renderedDaprDir } from "../src/paths.ts"
import { CONFIG_TABLE, postgresBinDir, psql } from "../src/postgres.ts"
import { generated } from "../src/secrets.ts"
import { apps } from "../src/topology.ts"
import { dapr, eventually, records, uid } from "./helpers.ts"

const sql = (statement: string) => psql(postgresBinDir()!, generated(apps.map((a) => a.appId)), statement)

describe("state (state.postgresql v2)", () => {
  it("saves, gets, rejects a stale ETag, and deletes", async () => {
    const key = uid("task")
    expect(
      (await dapr("probe-a", "POST", "/v1.0/state/statestore", [{ key, value: { title: "write docs", done: false } }]))
        .status
    ).toBe(204)

    const got = await dapr("probe-a", "GET", `/v1.0/state/statestore/${key}`)
    expect(got.status).toBe(200)
    expect(got.json).toEqual({ title: "write docs", done: false })
    const etag = got.headers.get("etag")
    expect(etag).toBeTruthy()

    // first-write-wins with the current ETag succeeds and changes the ETag
    const ok = await dapr("probe-a", "POST", "/v1.0/state/statestore", [
      { key, value: { title: "write docs", done: true }, etag, options: { concurrency: "first-write" } }
    ])
    expect(ok.status).toBe(204)
    // the old ETag is now stale: conflict
    const stale = await dapr("probe-a", "POST", "/v1.0/state/statestore", [
      { key, value: { title: "lost update" }, etag, options: { concurrency: "first-write" } }
    ])
    expect(stale.status).toBe(409)
    expect((await dapr("probe-a", "GET", `/v1.0/state/statestore/${key}`)).json).toEqual({
      title: "write docs",
      done: true
    })

    // the row really is in PostgreSQL (v2 layout: dapr_state table)
    expect(Number(sql(`select count(*) from dapr_state where key like '%${key}'`))).toBe(1)

    expect((await dapr("probe-a", "DELETE", `/v1.0/state/statestore/${key}`)).status).toBe(204)
    const after = await dapr("probe-a", "GET", `/v1.0/state/statestore/${key}`)
    expect(after.status).toBe(204)
    expect(after.text).toBe("")
  })
})

describe("secrets (secretstores.local.file)", () => {
  it("reads a secret from the file store, including a nested key", async () => {
    const file = JSON.parse(readFileSync(join(renderedDaprDir, "secrets.json"), "utf8")) as Record<string, unknown>
    const got = await dapr("probe-a", "GET", "/v1.0/secrets/secretstore/probe-secret")
    expect(got.status).toBe(200)
    expect(got.json).toEqual({ "probe-secret": file["probe-secret"] })
    const nested = await dapr("probe-a", "GET", "/v1.0/secrets/secretstore/smtp:password")
    expect(nested.json).toEqual({ "smtp:password": (file["smtp"] as { password: string }).password })
    expect((await dapr("probe-a", "GET", "/v1.0/secrets/secretstore/no-such-secret")).status).toBeGreaterThanOrEqual(
      400
    )
  })
})

describe("configuration (configuration.postgresql)", () => {
  it("gets values and delivers a subscription update when a row changes", async () => {
    const key = uid("flag").replace(/-/g, "_")
    sql(`insert into ${CONFIG_TABLE} (key, value, version, metadata) values ('${key}', 'off', '1', '{}')`)
    const got = await dapr("probe-a", "GET", `/v1.0/configuration/configstore?key=${key}`)
    expect(got.status).toBe(200)
    expect((got.json as Record<string, { value: string; version: string }>)[key]).toMatchObject({
      value: "off",
      version: "1"
    })

    const sub = await dapr("probe-a", "GET", `/v1.0/configuration/configstore/subscribe?key=${key}`)
    expect(sub.status).toBe(200)
    const subId = (sub.json as { id: string }).id
    expect(subId).toBeTruthy()
    try {
      sql(`update ${CONFIG_TABLE} set value = 'on', version = '2' where key = '${key}'`)
      const update = await eventually("the configuration update on the app", async () =>
        (await records("probe-a")).find((r) => r.kind === "config" && r.path === `/configuration/configstore/${key}`)
      )
      expect((update.body as { items: Record<string, { value: string; version: string }> }).items[key]).toMatchObject({
        value: "on",
        version: "2"
      })
    } finally {
      await dapr("probe-a", "GET", `/v1.0/configuration/configstore/${subId}/unsubscribe`)
    }
  })
})

describe("service invocation (sqlite name resolution)", () => {
  it("calls probe-b from probe-a's sidecar, both ways of addressing", async () => {
    const res = await dapr("probe-a", "POST", "/v1.0/invoke/probe-b/method/echo", { ping: 1 })
    expect(res.status).toBe(200)
    // probe-b answered, and its own sidecar presented probe-b's APP_API_TOKEN
    expect(res.json).toMatchObject({ appId: "probe-b", method: "POST", body: { ping: 1 }, callerToken: true })

    const byHeader = await dapr("probe-a", "POST", "/echo", { ping: 2 }, { "dapr-app-id": "probe-b" })
    expect(byHeader.json).toMatchObject({ appId: "probe-b", body: { ping: 2 } })
    expect((await records("probe-b")).filter((r) => r.kind === "invoke").length).toBeGreaterThanOrEqual(2)
  })
})

describe("cron binding (bindings.cron)", () => {
  it("triggers POST /cron-tick on the app every 2 s", async () => {
    const start = Date.now()
    const ticks = await eventually(
      "two fresh cron ticks",
      async () => {
        const t = (await records("probe-a")).filter((r) => r.kind === "cron" && r.at >= start)
        return t.length >= 2 ? t : undefined
      },
      10_000
    )
    const gap = ticks[1]!.at - ticks[0]!.at
    expect(gap).toBeGreaterThan(1500)
    expect(gap).toBeLessThan(2500)
  })
})
