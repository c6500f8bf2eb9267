// Pipeline benchmark (issue 4, 7a): on the split topology (`pnpm stack up tickler`: api + outbox relay,
// recurrence, reminders, notifications, audit, realtime, each with its daprd, on Kafka + PostgreSQL),
// completes recurring tasks through the REST API as fast as C clients can and measures
//  - sustained pipeline throughput: outbox events of the burst / (last consumer effect − first completion)
//  - end-to-end latency task completed → next instance committed, from the database: the instance's
//    completed_at (set by the api process) vs its successor's created_at (set by the recurrence
//    process, in the transaction that commits it); both from this machine's clock
//  - relay lag (outbox created_at → published_at) and audit lag (outbox created_at → activity recorded_at)
// Usage: pnpm bench:pipeline [--completions 3000] [--users 10] [--clients 16] [--rate 0 (= flat out) | n/s]
// Runs on the stack named by TICKLER_STACK_DIR / TICKLER_STACK_PORT_OFFSET (defaults: a stack of its
// own in /tmp/tickler-bench-pipeline, ports +3000), started if it is not running, stopped again after.
import { execFile, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { parseArgs } from "node:util"

const { values: args } = parseArgs({
  options: {
    completions: { type: "string", default: "3000" },
    users: { type: "string", default: "10" },
    clients: { type: "string", default: "16" },
    // completions per second, open loop (latency at a load the pipeline can carry); 0 = as fast as possible
    rate: { type: "string", default: "0" },
    keep: { type: "boolean", default: false }
  }
})
const COMPLETIONS = Number(args.completions)
const USERS = Number(args.users)
const CLIENTS = Number(args.clients)
const RATE = Number(args.rate)
const root = Path.resolve(import.meta.dirname, "../..")
process.env["TICKLER_STACK_DIR"] ??= "/tmp/tickler-bench-pipeline"
process.env["TICKLER_STACK_PORT_OFFSET"] ??= "3000"
const stackDir = process.env["TICKLER_STACK_DIR"]
const log = (message: string) => console.log(`[bench] ${message}`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

const stack = (argv: ReadonlyArray<string>) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [Path.join(root, "tools/stack/src/main.ts"), ...argv], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"]
    })
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`pnpm stack ${argv.join(" ")} failed`))))
  })

const endpoints = () => JSON.parse(Fs.readFileSync(Path.join(stackDir, "endpoints.json"), "utf8"))

const psql = (statement: string) =>
  new Promise<Array<Array<string>>>((resolve, reject) =>
    execFile(
      "psql",
      [endpoints().postgres.url, "-X", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", statement],
      { maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(stderr || error.message))
          : resolve(
              stdout
                .split("\n")
                .filter(Boolean)
                .map((line) => line.split("\t"))
            )
    )
  )

const CLOCK_TICKS = 100 // USER_HZ on Linux

/**
 * CPU seconds used so far by each part of the stack (from its recorded pid; PostgreSQL with all its
 * backends), from /proc: where the cores go while the pipeline runs.
 */
const cpuByPart = (): Map<string, number> => {
  const ticks = (pid: number) => {
    const stat = Fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return { ppid: Number(fields[1]), cpu: Number(fields[11]) + Number(fields[12]) }
  }
  const all = Fs.readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        return [{ pid: Number(name), ...ticks(Number(name)) }]
      } catch {
        return [] // gone meanwhile
      }
    })
  const parts = new Map<string, number>()
  for (const file of Fs.readdirSync(Path.join(stackDir, "pids"))) {
    const { name, pid } = JSON.parse(Fs.readFileSync(Path.join(stackDir, "pids", file), "utf8"))
    const own = all.filter((p) => p.pid === pid || (name === "postgres" && p.ppid === pid))
    parts.set(name, own.reduce((sum, p) => sum + p.cpu, 0) / CLOCK_TICKS)
  }
  const client = process.cpuUsage()
  parts.set("benchmark client", (client.user + client.system) / 1e6)
  return parts
}

const call = async (api: string, method: string, path: string, token?: string, body?: unknown) => {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {})
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`)
  return text ? JSON.parse(text) : undefined
}

const pool = async (count: number, concurrency: number, work: (i: number) => Promise<void>) => {
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++)
    })
  )
}

const main = async () => {
  const before = Os.loadavg()
  // `up` starts only what is not running; the product processes were started by whoever ran it first.
  // Stop afterwards only the parts this run started (someone else may be using the rest).
  const running = Fs.existsSync(Path.join(stackDir, "endpoints.json")) ? endpoints() : {}
  const started = [
    ...["postgres", "kafka", "scheduler"].filter((part) => running[part] === undefined),
    ...["api", "recurrence", "reminders", "notifications", "audit", "realtime"].filter(
      (app) => running.sidecars?.[app] === undefined
    )
  ]
  if (started.length > 0) await stack(["up", "tickler"])
  const api = `http://127.0.0.1:${endpoints().sidecars["api"].appPort}/api`
  const tag = `bench-pipeline-${Date.now()}`

  const users: Array<{ id: string; token: string }> = []
  for (let u = 0; u < USERS; u++) {
    const session = await call(api, "POST", "/auth/sign-up", undefined, {
      email: `${tag}-${u}@example.com`,
      password: "bench password 1",
      timeZone: "Europe/Berlin"
    })
    users.push({ id: session.user.id, token: session.token })
  }
  const inUsers = `(${users.map((user) => `'${user.id}'`).join(",")})`

  log(`creating ${COMPLETIONS} daily recurring tasks (${USERS} users)`)
  const tasks: Array<{ id: string; token: string }> = []
  await pool(COMPLETIONS, CLIENTS, async (i) => {
    const user = users[i % USERS]!
    const task = await call(api, "POST", "/tasks", user.token, {
      title: `${tag} ${i}`,
      due: { kind: "datetime", local: "2030-01-01T09:00", zone: "Europe/Berlin" },
      recurrence: { rrule: "FREQ=DAILY", mode: "schedule" }
    })
    tasks.push({ id: task.id, token: user.token })
  })
  // Let the creations drain through the pipeline first, so the burst is measured on its own.
  for (const deadline = Date.now() + 300_000; ;) {
    const [[pending, events, activity]] = (await psql(`select
        (select count(*) from outbox where published_at is null),
        (select count(*) from outbox where topic = 'task-events' and partition_key in ${inUsers}),
        (select count(*) from activity where user_id in ${inUsers})`)) as [[string, string, string]]
    if (Number(pending) === 0 && Number(activity) >= Number(events)) break
    if (Date.now() > deadline) throw new Error("the creations did not drain within 5 minutes")
    await sleep(500)
  }

  log(`completing ${COMPLETIONS} tasks with ${CLIENTS} concurrent clients${RATE > 0 ? ` at ${RATE}/s` : ""}`)
  const cpuBefore = cpuByPart()
  const burstStart = new Date()
  await pool(COMPLETIONS, CLIENTS, async (i) => {
    const task = tasks[i]!
    // open loop: completion i is due at start + i/rate, whether or not the earlier ones are done
    if (RATE > 0) await sleep(burstStart.getTime() + (i * 1000) / RATE - Date.now())
    await call(api, "POST", `/tasks/${task.id}/complete`, task.token)
  })
  const burstEnd = Date.now()
  const during = Os.loadavg()

  // Wait for every effect: successors, published outbox, activity rows.
  const since = `'${burstStart.toISOString()}'`
  for (const deadline = Date.now() + 300_000; ;) {
    const [[successors, pending, events, activity]] = (await psql(`select
        (select count(*) from tasks where user_id in ${inUsers} and occurrence = 2),
        (select count(*) from outbox where published_at is null),
        (select count(*) from outbox where topic = 'task-events' and partition_key in ${inUsers}),
        (select count(*) from activity where user_id in ${inUsers})`)) as [[string, string, string, string]]
    if (Number(successors) >= COMPLETIONS && Number(pending) === 0 && Number(activity) >= Number(events)) break
    if (Date.now() > deadline) {
      log(`gave up after 5 minutes: ${successors}/${COMPLETIONS} next instances, ${pending} unpublished`)
      break
    }
    await sleep(250)
  }

  const cpuAfter = cpuByPart()
  const latencies = (
    await psql(`select extract(epoch from (n.created_at - c.completed_at)) * 1000
      from tasks c join tasks n on n.series_id = c.series_id and n.occurrence = c.occurrence + 1
      where c.user_id in ${inUsers} and c.status = 'completed'`)
  )
    .map((row) => Number(row[0]))
    .sort((a, b) => a - b)
  const relayLag = (
    await psql(`select extract(epoch from (published_at - created_at)) * 1000 from outbox
      where partition_key in ${inUsers} and created_at >= ${since}`)
  )
    .map((row) => Number(row[0]))
    .sort((a, b) => a - b)
  const auditLag = (
    await psql(`select extract(epoch from (a.recorded_at - o.created_at)) * 1000 from outbox o
      join activity a on a.event_id = o.event_id where o.partition_key in ${inUsers} and o.created_at >= ${since}`)
  )
    .map((row) => Number(row[0]))
    .sort((a, b) => a - b)
  const [[events, lastEffectMs]] = (await psql(`select
      (select count(*) from outbox where partition_key in ${inUsers} and created_at >= ${since}),
      extract(epoch from greatest(
        (select max(recorded_at) from activity where user_id in ${inUsers}),
        (select max(created_at) from tasks where user_id in ${inUsers}),
        (select max(published_at) from outbox where partition_key in ${inUsers}),
        (select max(i.processed_at) from inbox i join outbox o on o.event_id = i.event_id
           where o.partition_key in ${inUsers} and o.created_at >= ${since}))) * 1000`)) as [[string, string]]
  const pipelineSeconds = (Number(lastEffectMs) - burstStart.getTime()) / 1000

  console.table([
    {
      completions: COMPLETIONS,
      "offered/s": RATE > 0 ? RATE : "max",
      "API completions/s": Math.round(COMPLETIONS / ((burstEnd - burstStart.getTime()) / 1000)),
      "outbox events": Number(events),
      "pipeline events/s": Math.round(Number(events) / pipelineSeconds),
      "next instances": latencies.length,
      "completed→next p50 ms": Math.round(percentile(latencies, 50)),
      "p99 ms": Math.round(percentile(latencies, 99)),
      "max ms": Math.round(latencies.at(-1) ?? NaN)
    }
  ])
  console.table([
    {
      "relay lag p50 ms": Math.round(percentile(relayLag, 50)),
      "relay lag p99 ms": Math.round(percentile(relayLag, 99)),
      "audit lag p50 ms": Math.round(percentile(auditLag, 50)),
      "audit lag p99 ms": Math.round(percentile(auditLag, 99)),
      "load avg before": before[0]!.toFixed(2),
      "load avg after burst": during[0]!.toFixed(2),
      cores: Os.cpus().length
    }
  ])
  // CPU per event: what one event costs the machine, and so how many events/s its cores could carry.
  const cpu = [...cpuAfter]
    .map(([part, seconds]) => ({ part, "CPU s": seconds - (cpuBefore.get(part) ?? 0) }))
    .sort((a, b) => b["CPU s"] - a["CPU s"])
  const totalCpu = cpu.reduce((sum, row) => sum + row["CPU s"], 0)
  console.table(
    [...cpu, { part: "total", "CPU s": totalCpu }].map((row) => ({
      part: row.part,
      "CPU s": Number(row["CPU s"].toFixed(1)),
      "CPU ms per event": Number(((row["CPU s"] * 1000) / Number(events)).toFixed(2))
    }))
  )
  log(
    `the burst's events cost ${((totalCpu * 1000) / Number(events)).toFixed(2)} CPU ms each: ` +
      `${Os.cpus().length} cores carry at most ~${Math.round((Os.cpus().length * Number(events)) / totalCpu)} events/s`
  )
  if (started.length > 0 && !args.keep) await stack(["down", ...started])
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
