import { layerServerPostgresUrl } from "@tickler/platform"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { type ChildProcess, spawn } from "node:child_process"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Net from "node:net"
import * as Path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const main = Path.resolve(import.meta.dirname, "../main.ts")
const serverUrl = process.env["TICKLER_TEST_DATABASE_URL"]

const admin = (statement: (sql: SqlClient.SqlClient) => Effect.Effect<unknown, unknown>) =>
  Effect.runPromise(
    SqlClient.SqlClient.use(statement).pipe(Effect.provide(layerServerPostgresUrl(serverUrl!, { maxConnections: 1 })))
  )

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as Net.AddressInfo
      server.close(() => resolve(port))
    })
  })

/** The child processes of `pid` (its workers). */
const children = (pid: number) =>
  Fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number)

/** CPU time (user + system, in clock ticks) a process has used. */
const cpuTicks = (pid: number) => {
  const fields = Fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")
  return Number(fields[11]) + Number(fields[12])
}

const alive = (pid: number) => Fs.existsSync(`/proc/${pid}`)

const until = async (what: string, done: () => boolean, seconds: number, output: () => string) => {
  const deadline = Date.now() + seconds * 1000
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${seconds} s:\n${output()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** One request on a connection of its own, as separate clients make them: the workers take turns. */
const request = (port: number, method: string, path: string, token?: string, body?: unknown) =>
  new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = Http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path: `/api${path}`,
        agent: false,
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {})
        }
      },
      (res) => {
        let text = ""
        res.on("data", (chunk) => (text += chunk))
        res.on("end", () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }))
      }
    )
    req.on("error", reject)
    req.end(body === undefined ? undefined : JSON.stringify(body))
  })

describe.skipIf(serverUrl === undefined)("the api profile in two workers on PostgreSQL", () => {
  const database = `tickler_test_${Crypto.randomBytes(6).toString("hex")}`
  let server: ChildProcess | undefined
  beforeAll(() => admin((sql) => sql`create database ${sql(database)}`))
  afterAll(async () => {
    if (server?.exitCode === null) server.kill("SIGKILL")
    await admin((sql) => sql`drop database if exists ${sql(database)} with (force)`)
  })

  it("serves one port from both, replaces a worker that dies, and stops them all on SIGTERM", async () => {
    const port = await freePort()
    const databaseUrl = new URL(serverUrl!)
    databaseUrl.pathname = `/${database}`
    const child = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl.toString(),
        PORT: String(port),
        TICKLER_API_WORKERS: "2",
        TICKLER_AUTH_SECRET: "workers-secret-workers-secret-workers-secret",
        LOG_FORMAT: "json"
      },
      stdio: ["ignore", "pipe", "pipe"]
    })
    server = child
    let output = ""
    child.stdout!.on("data", (chunk) => (output += chunk))
    child.stderr!.on("data", (chunk) => (output += chunk))
    const log = () => output
    const listening = () => output.split("Tickler is listening").length - 1
    const pid = child.pid!

    await until("two workers listening", () => listening() === 2, 90, log)
    const [first, second] = children(pid)
    expect(children(pid)).toHaveLength(2)

    // Twenty clients at a time: every request succeeds, and both workers do the work.
    const session = await request(port, "POST", "/auth/sign-up", undefined, {
      email: "ada@example.com",
      password: "correct horse battery"
    })
    expect(session.status).toBe(201)
    const token: string = session.body.token
    const before = [cpuTicks(first!), cpuTicks(second!)]
    for (let round = 0; round < 5; round++) {
      const created = await Promise.all(
        Array.from({ length: 20 }, (_, i) => request(port, "POST", "/tasks", token, { title: `task ${round}-${i}` }))
      )
      expect(created.map((response) => response.status)).toEqual(Array(20).fill(201))
    }
    const listed = await request(port, "GET", "/tasks?limit=200", token)
    expect(listed.status).toBe(200)
    expect(listed.body.items).toHaveLength(100)
    const worked = [cpuTicks(first!) - before[0]!, cpuTicks(second!) - before[1]!]
    expect(
      worked.every((ticks) => ticks >= 5),
      `CPU ticks per worker: ${worked}`
    ).toBe(true)

    // A worker killed outright: the other keeps answering, and a new one takes its place.
    process.kill(first!, "SIGKILL")
    await until("the killed worker gone", () => !children(pid).includes(first!), 10, log)
    for (let i = 0; i < 10; i++) expect((await request(port, "GET", "/tasks?limit=1", token)).status).toBe(200)
    await until("a replacement worker listening", () => listening() === 3, 90, log)
    const replaced = children(pid)
    expect(replaced).toHaveLength(2)
    expect(replaced).toContain(second)
    expect(replaced).not.toContain(first)
    expect(output).toContain(`worker ${first} exited (SIGKILL); starting another`)
    const third = replaced.find((worker) => worker !== second)!
    for (let i = 0; i < 10; i++) expect((await request(port, "GET", "/tasks?limit=1", token)).status).toBe(200)

    // SIGTERM: every worker drains and exits, then the primary.
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal }))
    )
    child.kill("SIGTERM")
    expect(await exited).toEqual({ code: 130, signal: null })
    expect([second!, third].filter(alive)).toEqual([])
  }, 240_000)
})
