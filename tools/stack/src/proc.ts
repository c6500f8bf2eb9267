// Process bookkeeping: every stack process is spawned detached (its own process group), with its
// output appended to .data/stack/logs/<name>.log and its pid recorded in .data/stack/pids/<name>.json.
// `down` stops by recorded pid only, never by name matching.
import { spawn, execFileSync } from "node:child_process"
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { createConnection } from "node:net"
import { join } from "node:path"
import { logFile, logsDir, pidsDir, repoRoot } from "./paths.ts"

export class StackError extends Error {
  readonly part: string
  readonly hint: string
  constructor(part: string, message: string, hint: string) {
    super(message)
    this.part = part
    this.hint = hint
  }
}

export interface PidRecord {
  readonly name: string
  readonly pid: number
  /** argv[0] of the spawned command, checked against /proc to avoid acting on a reused pid. */
  readonly exe: string
  readonly startedAt: string
}

const pidFile = (name: string) => join(pidsDir, `${name}.json`)

export const readPid = (name: string): PidRecord | undefined => {
  try {
    return JSON.parse(readFileSync(pidFile(name), "utf8")) as PidRecord
  } catch {
    return undefined
  }
}

export const listPidRecords = (): PidRecord[] =>
  existsSync(pidsDir)
    ? readdirSync(pidsDir)
        .filter((f) => f.endsWith(".json"))
        .flatMap((f) => {
          const r = readPid(f.slice(0, -5))
          return r ? [r] : []
        })
    : []

/** True when pid is a live (non-zombie) process still running the command we started. */
export const isAlive = (rec: PidRecord | undefined): boolean => {
  if (!rec) return false
  try {
    const stat = readFileSync(`/proc/${rec.pid}/stat`, "utf8")
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3)
    if (state === "Z" || state === "X") return false
    const argv0 = readFileSync(`/proc/${rec.pid}/cmdline`, "utf8").split("\0")[0] ?? ""
    const base = (p: string) => p.slice(p.lastIndexOf("/") + 1)
    return base(argv0) === base(rec.exe)
  } catch {
    return false
  }
}

export interface SpawnOptions {
  readonly env?: Record<string, string>
  readonly cwd?: string
  readonly uid?: number
  readonly gid?: number
}

export const startProcess = (
  name: string,
  command: string,
  args: readonly string[],
  opts: SpawnOptions = {}
): PidRecord => {
  mkdirSync(logsDir, { recursive: true })
  mkdirSync(pidsDir, { recursive: true })
  const fd = openSync(logFile(name), "a")
  try {
    writeFileSync(fd, `\n=== ${new Date().toISOString()} starting ${name}: ${command} ${args.join(" ")}\n`)
    const child = spawn(command, args, {
      cwd: opts.cwd ?? repoRoot,
      env: { ...process.env, ...opts.env },
      detached: true, // own process group: `down` signals the whole group
      stdio: ["ignore", fd, fd],
      ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
      ...(opts.gid !== undefined ? { gid: opts.gid } : {})
    })
    if (child.pid === undefined)
      throw new StackError(name, `could not spawn ${command}`, "check that it is installed and executable")
    child.on("error", () => {}) // reported through the health wait (process gone)
    child.unref()
    const rec: PidRecord = { name, pid: child.pid, exe: command, startedAt: new Date().toISOString() }
    writeFileSync(pidFile(name), JSON.stringify(rec, null, 2))
    return rec
  } finally {
    closeSync(fd)
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Stops a recorded process: `signal` to its group, then SIGKILL after `graceMs`. */
export const stopProcess = async (
  name: string,
  signal: NodeJS.Signals = "SIGTERM",
  graceMs = 15_000
): Promise<boolean> => {
  const rec = readPid(name)
  if (!rec) return false
  let stopped = false
  if (isAlive(rec)) {
    const kill = (sig: NodeJS.Signals) => {
      try {
        process.kill(-rec.pid, sig) // process group (we spawned it detached)
      } catch {
        try {
          process.kill(rec.pid, sig)
        } catch {
          /* already gone */
        }
      }
    }
    kill(signal)
    const deadline = Date.now() + graceMs
    while (isAlive(rec) && Date.now() < deadline) await sleep(100)
    if (isAlive(rec)) {
      kill("SIGKILL")
      while (isAlive(rec)) await sleep(50)
    }
    stopped = true
  }
  // children of the group that outlived the leader (none expected), by group id; only right after
  // we stopped the leader ourselves, so a long-stale pid file can never hit a reused group id
  if (stopped) {
    try {
      process.kill(-rec.pid, "SIGKILL")
    } catch {
      /* no such group: nothing left */
    }
  }
  rmSync(pidFile(name), { force: true })
  return stopped
}

export const killNow = (name: string) => {
  const rec = readPid(name)
  if (rec && isAlive(rec)) process.kill(rec.pid, "SIGKILL")
}

export const tail = (file: string, lines = 25): string => {
  try {
    const all = readFileSync(file, "utf8").split("\n")
    return all.slice(-lines - 1).join("\n")
  } catch {
    return "(no log yet)"
  }
}

/** Resolves when a TCP connect to 127.0.0.1:port succeeds. */
export const portOpen = (port: number, timeoutMs = 1000): Promise<boolean> =>
  new Promise((resolve) => {
    const s = createConnection({ host: "127.0.0.1", port })
    const done = (ok: boolean) => {
      s.destroy()
      resolve(ok)
    }
    s.setTimeout(timeoutMs, () => done(false))
    s.once("connect", () => done(true))
    s.once("error", () => done(false))
  })

/** Who listens on a port (best effort, for error messages). */
export const portOwner = (port: number): string => {
  try {
    const out = execFileSync("ss", ["-Hltnp", `sport = :${port}`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"]
    })
    const m = /users:\(\("([^"]+)",pid=(\d+)/.exec(out)
    return m ? `${m[1]} (pid ${m[2]})` : "another process"
  } catch {
    return "another process"
  }
}

/**
 * Polls `check` until it returns true or the deadline passes. Fails fast when the process
 * died, with the log file's tail so the failing part is obvious.
 */
export const waitFor = async (
  name: string,
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  rec?: PidRecord
): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return
    if (rec && !isAlive(rec)) {
      throw new StackError(
        name,
        `${name} exited while waiting for ${what}`,
        `read its log: ${logFile(name)}\n${tail(logFile(name))}`
      )
    }
    if (Date.now() > deadline) {
      throw new StackError(
        name,
        `${name} did not become healthy (${what}) within ${Math.round(timeoutMs / 1000)}s`,
        `read its log: ${logFile(name)}\n${tail(logFile(name))}`
      )
    }
    await sleep(250)
  }
}
