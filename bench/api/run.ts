// API benchmark: seeds 1,000,000 tasks across 1,000 users into PostgreSQL, starts the `api` profile,
// then loads it from this (separate) process with autocannon and prints rps, p50/p99 latency and the
// server's peak RSS. Usage: pnpm bench:api [--rate 500] [--seconds 20] [--reseed]
import autocannon from "autocannon"
import { execFileSync, spawn } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import * as Path from "node:path"
import { parseArgs } from "node:util"

const { values: args } = parseArgs({
  options: {
    rate: { type: "string", default: "500" },
    seconds: { type: "string", default: "20" },
    users: { type: "string", default: "1000" },
    "per-user": { type: "string", default: "1000" },
    reseed: { type: "boolean", default: false }
  }
})
const RATE = Number(args.rate)
const SECONDS = Number(args.seconds)
const USERS = Number(args.users)
const PER_USER = Number(args["per-user"])
const LOADED_USERS = 50
// Not 4190: fetch refuses it (a "bad port" in the Fetch standard).
const PORT = 41900
const root = Path.resolve(import.meta.dirname, "../..")
const log = (message: string) => console.log(`[bench] ${message}`)

const adminUrl = (): string => {
  if (process.env["DATABASE_URL"]) return process.env["DATABASE_URL"]
  const endpoints = Path.join(root, ".data/stack/endpoints.json")
  if (!existsSync(endpoints)) {
    log("starting PostgreSQL with `pnpm stack up postgres`")
    execFileSync("node", [Path.join(root, "tools/stack/src/main.ts"), "up", "postgres"], { stdio: "inherit" })
  }
  return JSON.parse(readFileSync(endpoints, "utf8")).postgres.url
}

const psql = (url: string, sql: string, vars: Record<string, string | number> = {}) =>
  execFileSync(
    "psql",
    [url, "-X", "-q", "-t", "-A", ...Object.entries(vars).flatMap(([k, v]) => ["-v", `${k}=${v}`]), "-c", sql],
    {
      encoding: "utf8"
    }
  ).trim()

const psqlFile = (url: string, file: string, vars: Record<string, string | number>) =>
  execFileSync(
    "psql",
    [url, "-X", "-q", ...Object.entries(vars).flatMap(([k, v]) => ["-v", `${k}=${v}`]), "-f", file],
    {
      stdio: ["ignore", "inherit", "inherit"]
    }
  )

const call = async (method: string, path: string, token?: string, body?: unknown) => {
  const response = await fetch(`http://127.0.0.1:${PORT}/api${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`)
  return text ? JSON.parse(text) : undefined
}

const peakRss = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8")
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
}

const main = async () => {
  const admin = adminUrl()
  const url = new URL(admin)
  url.pathname = "/tickler_bench"
  const benchUrl = url.toString()
  const exists = psql(admin, "select 1 from pg_database where datname = 'tickler_bench'") === "1"
  if (args.reseed && exists) psql(admin, "drop database tickler_bench with (force)")
  if (args.reseed || !exists) psql(admin, "create database tickler_bench")

  log("starting the api profile on PostgreSQL")
  const server = spawn("node", [Path.join(root, "profiles/api/main.ts")], {
    env: {
      ...process.env,
      DATABASE_URL: benchUrl,
      PORT: String(PORT),
      DATABASE_POOL_SIZE: "10",
      TICKLER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret"
    },
    stdio: ["ignore", "ignore", "inherit"]
  })
  const stop = () => server.kill("SIGTERM")
  process.on("exit", stop)
  for (let i = 0; ; i++) {
    try {
      await fetch(`http://127.0.0.1:${PORT}/api/health`)
      break
    } catch {
      if (i > 900) throw new Error("the api profile did not start within 3 minutes")
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }

  log("the api profile is up")
  const seeded = Number(psql(benchUrl, "select count(*) from tasks"))
  const tokens: Array<string> = []
  if (seeded < USERS * PER_USER) {
    log(`seeding ${USERS} users × ${PER_USER} tasks`)
    const started = Date.now()
    psql(benchUrl, "create table if not exists bench_users (n int primary key, user_id text not null, token text)")
    log(`signing up ${LOADED_USERS} users through the API`)
    for (let n = 1; n <= LOADED_USERS; n++) {
      const session = await call("POST", "/auth/sign-up", undefined, {
        email: `bench${n}-${Date.now()}@example.com`,
        password: "bench password 1"
      })
      psql(
        benchUrl,
        `insert into bench_users values (${n}, '${session.user.id}', '${session.token}') on conflict (n) do update set user_id = excluded.user_id, token = excluded.token`
      )
    }
    psql(
      benchUrl,
      `insert into bench_users select n, 'bench-user-' || n, null from generate_series(${LOADED_USERS + 1}, ${USERS}) n on conflict do nothing`
    )
    const batch = 50
    for (let lo = 1; lo <= USERS; lo += batch) {
      psqlFile(benchUrl, Path.join(import.meta.dirname, "seed.sql"), {
        lo,
        hi: Math.min(lo + batch - 1, USERS),
        per_user: PER_USER
      })
      process.stdout.write(`\r[bench] seeded ${Math.min(lo + batch - 1, USERS)}/${USERS} users`)
    }
    process.stdout.write("\n")
    psql(benchUrl, "vacuum analyze tasks, tags, task_tags")
    log(
      `seeded ${psql(benchUrl, "select count(*) from tasks")} tasks in ${((Date.now() - started) / 1000).toFixed(0)} s`
    )
  }
  tokens.push(...psql(benchUrl, "select token from bench_users where token is not null order by n").split("\n"))
  const taskIds = await Promise.all(
    tokens.map(async (token) => (await call("GET", "/tasks?limit=100", token)).items.map((t: any) => t.id))
  )

  const pick = <A>(items: ReadonlyArray<A>) => items[Math.floor(Math.random() * items.length)]!
  const words = ["rent", "report", "meeting", "dentist", "groceries", "budget", "marathon", "propsal", "invoic", "tax"]
  const scenarios: Array<{
    name: string
    request: () => { method: string; path: string; token: string; body?: string }
  }> = [
    {
      name: "create",
      request: () => ({
        method: "POST",
        path: "/api/tasks",
        token: pick(tokens),
        body: JSON.stringify({ title: "Benchmark task", priority: "medium", tags: ["work"] })
      })
    },
    {
      name: "list with filter",
      request: () => ({
        method: "GET",
        path: `/api/tasks?filter=${encodeURIComponent(pick(["(today | overdue) & priority >= high", "#work & !#someday", "next 7 days & p1", "overdue"]))}`,
        token: pick(tokens)
      })
    },
    {
      name: "search",
      request: () => ({ method: "GET", path: `/api/tasks?q=${pick(words)}&limit=20`, token: pick(tokens) })
    },
    {
      name: "update",
      request: () => {
        const i = Math.floor(Math.random() * tokens.length)
        return {
          method: "PATCH",
          path: `/api/tasks/${pick(taskIds[i]!)}`,
          token: tokens[i]!,
          body: JSON.stringify({ priority: pick(["low", "high"]) })
        }
      }
    }
  ]

  const results: Array<Record<string, string | number>> = []
  for (const scenario of scenarios) {
    log(`${scenario.name}: ${RATE} rps for ${SECONDS} s`)
    const result = await autocannon({
      url: `http://127.0.0.1:${PORT}`,
      connections: 32,
      overallRate: RATE,
      duration: SECONDS,
      requests: [
        {
          setupRequest: (request: any) => {
            const next = scenario.request()
            return {
              ...request,
              method: next.method,
              path: next.path,
              body: next.body,
              headers: { "content-type": "application/json", authorization: `Bearer ${next.token}` }
            }
          }
        }
      ]
    })
    results.push({
      scenario: scenario.name,
      rps: Math.round(result.requests.average),
      "p50 ms": result.latency.p50,
      "p99 ms": result.latency.p99,
      "max ms": result.latency.max,
      "non-2xx": result.non2xx,
      errors: result.errors + result.timeouts
    })
  }
  console.table(results)
  log(`server peak RSS: ${peakRss(server.pid!).toFixed(0)} MB`)
  stop()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
