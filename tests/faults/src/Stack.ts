// The fault tests' handle on the local stack (tools/stack): run `pnpm stack …`, SIGKILL a part by its
// recorded pid, and query PostgreSQL with psql. Everything honours TICKLER_STACK_DIR and
// TICKLER_STACK_PORT_OFFSET, so the tests run on a stack of their own (see vitest.config.ts).
import { execFile } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"

export const repoRoot = Path.resolve(import.meta.dirname, "../../..")
export const stackDir = Path.resolve(process.env["TICKLER_STACK_DIR"] ?? Path.join(repoRoot, ".data/stack"))

/**
 * Runs `start` (a `pnpm stack up …`), again when a port was taken (seen while the stack's ports still lay
 * in Linux's ephemeral range: a neighbour's PostgreSQL pool held 49032 as a client port). `up` rolls back
 * what it started on failure, so a retry starts clean.
 */
export const retryingPortClash = async <A>(start: () => Promise<A>, attempts = 8): Promise<A> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start()
    } catch (error) {
      const clash = /address already in use|is already in use/.test(String(error))
      if (!clash || attempt >= attempts) throw error
      console.log(`[faults] port clash on attempt ${attempt}; retrying in 3 s`)
      await new Promise((resolve) => setTimeout(resolve, 3_000))
    }
  }
}

const alive = (pid: number) => {
  try {
    const stat = Fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3)
    return state !== "Z" && state !== "X" // this sandbox's init does not reap: a zombie is dead
  } catch {
    return false
  }
}

/**
 * SIGKILLs a stack process (`api`, `notifications-daprd`, `kafka`, `postgres`, `scheduler`, …) and its
 * whole process group, as a crashed container would go: for PostgreSQL that takes the backends too,
 * which is what lets it restart (a surviving backend would pin the old shared memory). Resolves once
 * the process is gone.
 */
export const sigkill = async (name: string): Promise<number> => {
  const record = JSON.parse(Fs.readFileSync(Path.join(stackDir, "pids", `${name}.json`), "utf8")) as { pid: number }
  if (!alive(record.pid)) throw new Error(`${name} (pid ${record.pid}) is not running`)
  try {
    process.kill(-record.pid, "SIGKILL")
  } catch {
    process.kill(record.pid, "SIGKILL")
  }
  const deadline = Date.now() + 10_000
  while (alive(record.pid)) {
    if (Date.now() > deadline) throw new Error(`${name} (pid ${record.pid}) survived SIGKILL for 10 s`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return record.pid
}

export const databaseUrl = () =>
  (JSON.parse(Fs.readFileSync(Path.join(stackDir, "endpoints.json"), "utf8")) as { postgres: { url: string } }).postgres
    .url

/** One SQL statement through psql; rows as arrays of strings (unaligned, tab-separated). */
export const query = (statement: string) =>
  new Promise<Array<Array<string>>>((resolve, reject) => {
    execFile(
      "psql",
      [databaseUrl(), "-X", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", statement],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`psql: ${stderr || error.message}`))
          : resolve(
              stdout
                .split("\n")
                .filter((line) => line.length > 0)
                .map((line) => line.split("\t"))
            )
    )
  })

/** A single number from a `select count(*) …`-like statement. */
export const count = async (statement: string) => Number((await query(statement))[0]?.[0] ?? NaN)
