// The benchmark's database `tickler_bench` on the stack's PostgreSQL: created and seeded once (1,000,000
// tasks), reused by later runs, and put back after each run (the tasks a run created are deleted).
import { execFileSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import * as Path from "node:path"
import { log } from "../shared/Http.ts"

const DATABASE = "tickler_bench"
const root = Path.resolve(import.meta.dirname, "../..")
const variables = (vars: Record<string, string | number>) =>
  Object.entries(vars).flatMap(([k, v]) => ["-v", `${k}=${v}`])

/** The stack's PostgreSQL (started if needed), or `DATABASE_URL`. */
export const adminUrl = (): string => {
  if (process.env["DATABASE_URL"]) return process.env["DATABASE_URL"]
  const endpoints = Path.join(root, ".data/stack/endpoints.json")
  if (!existsSync(endpoints)) {
    log("starting PostgreSQL with `pnpm stack up postgres`")
    execFileSync("node", [Path.join(root, "tools/stack/src/main.ts"), "up", "postgres"], { stdio: "inherit" })
  }
  return JSON.parse(readFileSync(endpoints, "utf8")).postgres.url
}

/** Runs SQL and returns its rows, columns separated by tabs. */
export const psql = (url: string, sql: string, vars: Record<string, string | number> = {}): string =>
  execFileSync(
    "psql",
    [url, "-X", "-q", "-t", "-A", "-F", "\t", "-v", "ON_ERROR_STOP=1", ...variables(vars), "-c", sql],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024
    }
  ).trim()

const psqlFile = (url: string, file: string, vars: Record<string, string | number>) =>
  execFileSync("psql", [url, "-X", "-q", ...variables(vars), "-f", file], { stdio: ["ignore", "inherit", "inherit"] })

/** The benchmark database's URL; created empty if missing (or `reseed`), for the server's migrations to fill. */
export const prepareDatabase = (admin: string, reseed: boolean): string => {
  const url = new URL(admin)
  url.pathname = `/${DATABASE}`
  const exists = psql(admin, `select 1 from pg_database where datname = '${DATABASE}'`) === "1"
  if (reseed && exists) psql(admin, `drop database ${DATABASE} with (force)`)
  if (reseed || !exists) psql(admin, `create database ${DATABASE}`)
  return url.toString()
}

export const taskCount = (url: string): number => Number(psql(url, "select count(*) from tasks"))

/**
 * Seeds `users` × `perUser` tasks: the first `loaded` users are real accounts (signed up through the API
 * by `signUp`, which returns their id and session token), the rest only own tasks.
 */
export const seed = async (
  url: string,
  options: { users: number; perUser: number; loaded: number },
  signUp: (n: number) => Promise<{ userId: string; token: string }>
): Promise<void> => {
  const started = Date.now()
  log(`seeding ${options.users} users × ${options.perUser} tasks; signing up ${options.loaded} users through the API`)
  psql(url, "create table if not exists bench_users (n int primary key, user_id text not null, token text)")
  for (let n = 1; n <= options.loaded; n++) {
    const { userId, token } = await signUp(n)
    psql(
      url,
      `insert into bench_users values (${n}, '${userId}', '${token}')
       on conflict (n) do update set user_id = excluded.user_id, token = excluded.token`
    )
  }
  psql(
    url,
    `insert into bench_users select n, 'bench-user-' || n, null
     from generate_series(${options.loaded + 1}, ${options.users}) n on conflict do nothing`
  )
  const batch = 50
  for (let lo = 1; lo <= options.users; lo += batch) {
    const hi = Math.min(lo + batch - 1, options.users)
    psqlFile(url, Path.join(import.meta.dirname, "seed.sql"), { lo, hi, per_user: options.perUser })
    process.stdout.write(`\r[bench] seeded ${hi}/${options.users} users`)
  }
  process.stdout.write("\n")
  psql(url, "vacuum analyze tasks, tags, task_tags")
  log(`seeded ${taskCount(url)} tasks in ${((Date.now() - started) / 1000).toFixed(0)} s`)
}

/** Session tokens of the signed-up users, in order. */
export const tokens = (url: string): ReadonlyArray<string> =>
  psql(url, "select token from bench_users where token is not null order by n").split("\n")

/** The title of the tasks the "create" scenario makes, so a run can delete them afterwards. */
export const CREATED_TITLE = "Benchmark task"
const COMPLETE_TITLE = "Bench complete target"

/**
 * Deletes what a run added (the tasks it created or completed, their tags' links, the events the api
 * profile left in the outbox: it runs no relay), so every run starts from the seeded 1,000,000.
 */
export const removeRunData = (url: string): void => {
  psql(
    url,
    `delete from tasks where title in ('${CREATED_TITLE}', '${COMPLETE_TITLE}')
       and user_id in (select user_id from bench_users where token is not null)`
  )
  psql(url, "delete from outbox")
}

/**
 * Open tasks for the "complete" scenario, each completed at most once per run: `size` new tasks spread
 * over the signed-up users, with the token that may complete each.
 */
export const completionPool = (url: string, size: number): ReadonlyArray<{ id: string; token: string }> => {
  const perUser = Math.ceil(size / tokens(url).length)
  psql(
    url,
    `insert into tasks (id, user_id, title, priority, created_at, updated_at)
     select gen_random_uuid(), u.user_id, '${COMPLETE_TITLE}', 2, now(), now()
     from bench_users u cross join generate_series(1, ${perUser}) where u.token is not null`
  )
  return psql(
    url,
    `select t.id, u.token from tasks t join bench_users u on u.user_id = t.user_id
     where t.title = '${COMPLETE_TITLE}' order by random()`
  )
    .split("\n")
    .map((row) => {
      const [id, token] = row.split("\t") as [string, string]
      return { id, token }
    })
}

/** Opens the pool's tasks again, so the next step completes open tasks as the first did. */
export const reopenPool = (url: string): void => {
  psql(
    url,
    `update tasks set status = 'open', completed_at = null where title = '${COMPLETE_TITLE}' and status = 'completed'`
  )
}
