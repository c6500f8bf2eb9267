// Bad input and failure: each gets a message naming the failing part and what to do, and `up`
// never leaves half a stack running. These run the real CLI against a throw-away state dir and
// shifted ports, so the main stack keeps running.
import { spawnSync } from "node:child_process"
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { createServer, type Server } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { portOpen } from "../src/proc.ts"
import { repoRoot } from "../src/paths.ts"

const OFFSET = 700
const PG = 25432 + OFFSET
const KAFKA = 29092 + OFFSET
let dir: string

const stack = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [join(repoRoot, "tools/stack/src/main.ts"), ...args], {
    encoding: "utf8",
    env: { ...process.env, TICKLER_STACK_DIR: dir, TICKLER_STACK_PORT_OFFSET: String(OFFSET), ...env },
    timeout: 120_000
  })
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` }
}
const pidFiles = () => (existsSync(join(dir, "pids")) ? readdirSync(join(dir, "pids")) : [])
const occupy = (port: number) =>
  new Promise<Server>((resolve) => {
    const s = createServer()
    s.listen(port, "127.0.0.1", () => resolve(s))
  })

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tickler-stack-failures-"))
  chmodSync(dir, 0o755) // the postgres user must reach its data dir inside
})
afterAll(() => {
  stack(["down"])
  rmSync(dir, { recursive: true, force: true })
})

describe("up failures", () => {
  it("names the part and the port when a port is in use, and starts nothing", async () => {
    const blocker = await occupy(PG)
    try {
      const r = stack(["up", "postgres"])
      expect(r.code).toBe(1)
      expect(r.out).toContain(`FAILED: postgres: port ${PG} (postgres) is already in use`)
      expect(r.out).toContain("TICKLER_STACK_PORT_OFFSET")
      expect(pidFiles()).toEqual([])
    } finally {
      blocker.close()
    }
  })

  it("stops what it already started when a later part fails (never half a stack)", async () => {
    const blocker = await occupy(KAFKA)
    try {
      const r = stack(["up", "postgres", "kafka"])
      expect(r.code).toBe(1)
      expect(r.out).toContain("postgres ready") // postgres really started…
      expect(r.out).toContain(`FAILED: kafka: port ${KAFKA} (kafka) is already in use`)
      expect(r.out).toContain("stopping what this run started: postgres")
      expect(pidFiles()).toEqual([]) // …and was stopped again
      expect(await portOpen(PG)).toBe(false)
    } finally {
      blocker.close()
    }
  })

  it("reports a component that crashes at start with its log file", () => {
    // a broken setting makes the real postgres exit at startup
    appendFileSync(join(dir, "postgres", "data", "postgresql.conf"), "\nshared_buffers = 'not a size'\n")
    const r = stack(["up", "postgres"])
    expect(r.code).toBe(1)
    expect(r.out).toContain("FAILED: postgres: postgres exited while waiting")
    expect(r.out).toContain(join(dir, "logs", "postgres.log"))
    expect(r.out).toMatch(/shared_buffers/) // the log tail shows why
    expect(pidFiles()).toEqual([])
  })

  it("rejects an unknown part name with the list of known ones", () => {
    const r = stack(["up", "postgress"])
    expect(r.code).toBe(1)
    expect(r.out).toContain('FAILED: postgress: unknown stack part "postgress"')
    expect(r.out).toContain("use one of: postgres, kafka, scheduler")
  })

  it("says to install Java when it is missing", () => {
    const r = stack(["up", "kafka"], { PATH: "/nonexistent" })
    expect(r.code).toBe(1)
    expect(r.out).toContain("FAILED: kafka: java not found on PATH")
    expect(r.out).toContain("openjdk-17")
  })

  it("says to install Go when Dapr must be built and go is missing", () => {
    const emptyCache = join(dir, "empty-cache")
    const r = stack(["up", "scheduler"], { PATH: "/nonexistent", TICKLER_CACHE: emptyCache })
    expect(r.code).toBe(1)
    expect(r.out).toContain("FAILED: dapr-build: go not found on PATH")
    expect(r.out).toContain("Go >= 1.26.6")
  })
})
