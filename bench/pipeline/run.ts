// Pipeline benchmark (issues 4 and 13): on the split topology (`pnpm stack up tickler`: api + outbox relay,
// recurrence, reminders, notifications, audit, realtime, each with its daprd, on Kafka + PostgreSQL),
// completes recurring tasks through the REST API as fast as C clients can and measures
//  - sustained pipeline throughput: outbox events of the burst / (last consumer effect − first completion)
//  - end-to-end latency task completed → next instance committed, from the database: the instance's
//    completed_at (set by the api process) vs its successor's created_at (set by the recurrence
//    process, in the transaction that commits it); both from this machine's clock
//  - relay lag (outbox created_at → published_at) and audit lag (outbox created_at → activity recorded_at)
// Prints the CPU per event of each part of the stack (from /proc; gross, and net of the idle work measured
// for --idle-seconds before the burst) and the issue's targets next to the figures, and writes
// bench/results/pipeline.json and pipeline.svg.
// Usage: pnpm bench:pipeline [--completions 3000] [--users 10] [--clients 16] [--rate 0 (= flat out) | n/s]
//   [--idle-seconds 10] [--keep]
// Runs on the stack named by TICKLER_STACK_DIR / TICKLER_STACK_PORT_OFFSET (defaults: a stack of its
// own in /tmp/tickler-bench-pipeline, ports +3000), started if it is not running, stopped again after.
import { execFile, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { parseArgs } from "node:util"
import { barChart, figure } from "../shared/Chart.ts"
import { call, log, sleep } from "../shared/Http.ts"
import { type ProcessInfo, cpuUsed, ownCpuSeconds, processes, tree } from "../shared/Proc.ts"
import { type Report, caption, startReport, writeResults } from "../shared/Results.ts"
import { type Distribution, distribution, round } from "../shared/Stats.ts"

const { values: args } = parseArgs({
  options: {
    completions: { type: "string", default: "3000" },
    users: { type: "string", default: "10" },
    clients: { type: "string", default: "16" },
    // completions per second, open loop (latency at a load the pipeline can carry); 0 = as fast as possible
    rate: { type: "string", default: "0" },
    // how long the stack's idle CPU is measured before the burst
    "idle-seconds": { type: "string", default: "10" },
    keep: { type: "boolean", default: false }
  }
})
const COMPLETIONS = Number(args.completions)
const USERS = Number(args.users)
const CLIENTS = Number(args.clients)
const RATE = Number(args.rate)
const IDLE_SECONDS = Number(args["idle-seconds"])
const root = Path.resolve(import.meta.dirname, "../..")
process.env["TICKLER_STACK_DIR"] ??= "/tmp/tickler-bench-pipeline"
process.env["TICKLER_STACK_PORT_OFFSET"] ??= "3000"
const stackDir = process.env["TICKLER_STACK_DIR"]
const TARGETS = { eventsPerSecond: 1000, p99Ms: 250, cpuMsPerEvent: 2 }

const stack = (argv: ReadonlyArray<string>) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [Path.join(root, "tools/stack/src/main.ts"), ...argv], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"]
    })
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`pnpm stack ${argv.join(" ")} failed`))))
  })

const endpoints = () => JSON.parse(Fs.readFileSync(Path.join(stackDir, "endpoints.json"), "utf8"))

/** The stack's parts running now, by the names `pnpm stack up/down` take: infrastructure and app ids. */
const runningParts = (): Array<string> => {
  const running = Fs.existsSync(Path.join(stackDir, "endpoints.json")) ? endpoints() : {}
  return [
    ...["postgres", "kafka", "scheduler"].filter((part) => running[part] !== undefined),
    ...Object.keys(running.sidecars ?? {})
  ]
}

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

/** Each part of the stack (from its recorded pid) with every process under it: PostgreSQL's backends. */
const partProcesses = (): Map<string, ReadonlyArray<ProcessInfo>> => {
  const all = processes()
  const parts = new Map<string, ReadonlyArray<ProcessInfo>>()
  for (const file of Fs.readdirSync(Path.join(stackDir, "pids"))) {
    const { name, pid } = JSON.parse(Fs.readFileSync(Path.join(stackDir, "pids", file), "utf8"))
    parts.set(name, tree(all, pid))
  }
  return parts
}

const CLIENT = "benchmark client"
const cpuReading = () => ({ at: performance.now(), parts: partProcesses(), client: ownCpuSeconds() })
type CpuReading = ReturnType<typeof cpuReading>

interface PartCpu {
  readonly part: string
  readonly seconds: number
}

/** Where the cores go: CPU seconds of each part, and of the benchmark's client, between two readings. */
const cpuByPart = (before: CpuReading, after: CpuReading): ReadonlyArray<PartCpu> => [
  ...[...after.parts].map(([part, list]) => ({ part, seconds: cpuUsed(before.parts.get(part) ?? [], list) })),
  { part: CLIENT, seconds: after.client - before.client }
]

interface CpuRow {
  readonly part: string
  /** CPU seconds from the first completion to the last effect. */
  readonly seconds: number
  readonly msPerEvent: number
  /** Its CPU while the stack sat idle before the burst (polling, heartbeats, cron ticks), in cores. */
  readonly idleCores: number
  /** Per event once that idle work is taken off: what the events themselves cost. */
  readonly netMsPerEvent: number
}

/**
 * CPU per event of each part and of the stack (the client left out). The burst's window includes the
 * stack's idle work, which grows with the window, so a slow run overstates the gross figure; the net one
 * takes off each part's idle rate, and the ceiling is what the cores left after idle work carry at it.
 */
const cpuCost = (options: {
  readonly burst: ReadonlyArray<PartCpu>
  readonly idle: ReadonlyArray<PartCpu>
  readonly idleSeconds: number
  readonly windowSeconds: number
  readonly events: number
}) => {
  const idleCores = new Map(
    options.idle.map((p) => [p.part, p.part === CLIENT ? 0 : p.seconds / options.idleSeconds] as const)
  )
  const row = (part: string, seconds: number, cores: number): CpuRow => ({
    part,
    seconds: round(seconds),
    msPerEvent: round((seconds * 1000) / options.events),
    idleCores: round(cores),
    netMsPerEvent: round(((seconds - cores * options.windowSeconds) * 1000) / options.events)
  })
  const parts = options.burst.map((p) => row(p.part, p.seconds, idleCores.get(p.part) ?? 0))
  const stackParts = options.burst.filter((p) => p.part !== CLIENT)
  const stack = row(
    "stack total",
    stackParts.reduce((sum, p) => sum + p.seconds, 0),
    stackParts.reduce((sum, p) => sum + (idleCores.get(p.part) ?? 0), 0)
  )
  return {
    parts: parts.sort((a, b) => b.seconds - a.seconds),
    stack,
    ceilingEventsPerSecond: Math.round(((Os.cpus().length - stack.idleCores) * 1000) / stack.netMsPerEvent)
  }
}

const pool = async (count: number, concurrency: number, work: (i: number) => Promise<void>) => {
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++)
    })
  )
}

/** Waits for every effect of the burst: successors, published outbox, activity rows (at most 5 minutes). */
const waitForEffects = async (inUsers: string, burstStart: Date) => {
  for (const deadline = Date.now() + 300_000; ; await sleep(250)) {
    const [[successors, pending, events, activity]] = (await psql(`select
        (select count(*) from tasks where user_id in ${inUsers} and occurrence = 2),
        (select count(*) from outbox where published_at is null),
        (select count(*) from outbox where topic = 'task-events' and partition_key in ${inUsers}),
        (select count(*) from activity where user_id in ${inUsers})`)) as [[string, string, string, string]]
    if (Number(successors) >= COMPLETIONS && Number(pending) === 0 && Number(activity) >= Number(events)) return
    if (Date.now() > deadline) {
      log(
        `gave up ${((Date.now() - burstStart.getTime()) / 1000).toFixed(0)} s after the burst started: ` +
          `${successors}/${COMPLETIONS} next instances, ${pending} unpublished`
      )
      return
    }
  }
}

const milliseconds = async (statement: string): Promise<Distribution> =>
  distribution((await psql(statement)).map((row) => Number(row[0])))

interface PipelineResults {
  readonly completions: number
  readonly apiCompletionsPerSecond: number
  readonly outboxEvents: number
  readonly pipelineEventsPerSecond: number
  /** Task completed (api process) → its next instance committed (recurrence process), in ms. */
  readonly completedToNextMs: Distribution
  /** Outbox row written → published to Kafka through daprd, in ms. */
  readonly relayLagMs: Distribution
  /** Outbox row written → recorded by the audit consumer, in ms. */
  readonly auditLagMs: Distribution
  readonly loadAverageAfterBurst: number
  /** Each part's CPU from the first completion to the last effect, and per event, gross and net of idle work. */
  readonly cpu: ReadonlyArray<CpuRow>
  /** The same for the whole stack, the benchmark client left out. */
  readonly stackCpu: CpuRow
  /** What the machine's cores, less the stack's idle work, could carry at the net cost per event. */
  readonly cpuCeilingEventsPerSecond: number
}

const measurements = async (
  inUsers: string,
  burstStart: Date,
  burstEnd: number,
  cpu: Omit<Parameters<typeof cpuCost>[0], "events">,
  loadAverageAfterBurst: number
): Promise<PipelineResults> => {
  const since = `'${burstStart.toISOString()}'`
  const completedToNextMs = await milliseconds(`select extract(epoch from (n.created_at - c.completed_at)) * 1000
      from tasks c join tasks n on n.series_id = c.series_id and n.occurrence = c.occurrence + 1
      where c.user_id in ${inUsers} and c.status = 'completed'`)
  const relayLagMs = await milliseconds(`select extract(epoch from (published_at - created_at)) * 1000 from outbox
      where partition_key in ${inUsers} and created_at >= ${since}`)
  const auditLagMs = await milliseconds(`select extract(epoch from (a.recorded_at - o.created_at)) * 1000 from outbox o
      join activity a on a.event_id = o.event_id where o.partition_key in ${inUsers} and o.created_at >= ${since}`)
  const [[events, lastEffectMs]] = (await psql(`select
      (select count(*) from outbox where partition_key in ${inUsers} and created_at >= ${since}),
      extract(epoch from greatest(
        (select max(recorded_at) from activity where user_id in ${inUsers}),
        (select max(created_at) from tasks where user_id in ${inUsers}),
        (select max(published_at) from outbox where partition_key in ${inUsers}),
        (select max(i.processed_at) from inbox i join outbox o on o.event_id = i.event_id
           where o.partition_key in ${inUsers} and o.created_at >= ${since}))) * 1000`)) as [[string, string]]
  const outboxEvents = Number(events)
  const cost = cpuCost({ ...cpu, events: outboxEvents })
  return {
    completions: COMPLETIONS,
    apiCompletionsPerSecond: Math.round(COMPLETIONS / ((burstEnd - burstStart.getTime()) / 1000)),
    outboxEvents,
    pipelineEventsPerSecond: Math.round(outboxEvents / ((Number(lastEffectMs) - burstStart.getTime()) / 1000)),
    completedToNextMs,
    relayLagMs,
    auditLagMs,
    loadAverageAfterBurst: round(loadAverageAfterBurst),
    cpu: cost.parts,
    stackCpu: cost.stack,
    cpuCeilingEventsPerSecond: cost.ceilingEventsPerSecond
  }
}

const mark = (pass: boolean) => (pass ? "pass" : "MISS")

const printResults = (r: PipelineResults) => {
  const ms = (d: Distribution) => `${Math.round(d.p50)} / ${Math.round(d.p99)} / ${Math.round(d.max)}`
  console.table([
    {
      completions: r.completions,
      "offered/s": RATE > 0 ? RATE : "max",
      "API completions/s": r.apiCompletionsPerSecond,
      "outbox events": r.outboxEvents,
      "pipeline events/s": r.pipelineEventsPerSecond,
      "next instances": r.completedToNextMs.count,
      "completed→next p50/p99/max ms": ms(r.completedToNextMs),
      "relay lag ms": ms(r.relayLagMs),
      "audit lag ms": ms(r.auditLagMs),
      "load avg after burst": r.loadAverageAfterBurst
    }
  ])
  console.table(
    [...r.cpu, r.stackCpu].map((row) => ({
      part: row.part,
      "CPU s": row.seconds,
      "CPU ms per event": row.msPerEvent,
      "idle cores": row.idleCores,
      "net of idle, ms per event": row.netMsPerEvent
    }))
  )
  log(
    `the burst's events cost the stack ${r.stackCpu.msPerEvent} CPU ms each, ${r.stackCpu.netMsPerEvent} ms net of ` +
      `its idle work (${r.stackCpu.idleCores} cores): ${Os.cpus().length} cores carry at most ` +
      `~${r.cpuCeilingEventsPerSecond} events/s`
  )
  log(
    `targets: ≥ ${TARGETS.eventsPerSecond} events/s: ${mark(r.pipelineEventsPerSecond >= TARGETS.eventsPerSecond)} ` +
      `(${r.pipelineEventsPerSecond}); completed→next p99 ≤ ${TARGETS.p99Ms} ms: ` +
      `${mark(r.completedToNextMs.p99 <= TARGETS.p99Ms)} (${Math.round(r.completedToNextMs.p99)} ms); ` +
      `≤ ${TARGETS.cpuMsPerEvent} CPU ms per event: ${mark(r.stackCpu.msPerEvent <= TARGETS.cpuMsPerEvent)} ` +
      `(${r.stackCpu.msPerEvent} ms)`
  )
}

const chart = (report: Report<PipelineResults>) => {
  const r = report.results
  const latency = (label: string, d: Distribution) => ({ label, values: [d.p50, d.p99, d.max] })
  return figure({
    title: `bench:pipeline: ${r.pipelineEventsPerSecond} events/s, ${r.stackCpu.msPerEvent} CPU ms per event`,
    columns: 2,
    caption: caption(report),
    panels: [
      barChart({
        title: "CPU per event, by part of the stack",
        unit: "CPU ms per event",
        seriesNames: ["gross", "net of idle work"],
        groups: [...r.cpu.filter((row) => row.msPerEvent >= 0.01), r.stackCpu].map((row) => ({
          label: row.part,
          values: [row.msPerEvent, row.netMsPerEvent]
        })),
        guide: { value: TARGETS.cpuMsPerEvent, label: `target ${TARGETS.cpuMsPerEvent} ms (total)` }
      }),
      barChart({
        title: "Latency through the pipeline",
        unit: "ms",
        seriesNames: ["p50", "p99", "max"],
        groups: [
          latency("completed → next", r.completedToNextMs),
          latency("relay lag", r.relayLagMs),
          latency("audit lag", r.auditLagMs)
        ],
        guide: { value: TARGETS.p99Ms, label: `target p99 ${TARGETS.p99Ms} ms` }
      })
    ]
  })
}

const main = async () => {
  const finish = startReport(
    "pipeline",
    { completions: COMPLETIONS, users: USERS, clients: CLIENTS, "offered completions/s": RATE > 0 ? RATE : "flat out" },
    {
      "pipeline events/s": `≥ ${TARGETS.eventsPerSecond}`,
      "completed → next instance": `p99 ≤ ${TARGETS.p99Ms} ms`,
      "CPU per event": `≤ ${TARGETS.cpuMsPerEvent} ms across the whole split stack`
    }
  )
  // `up` starts only what is not running; the product processes were started by whoever ran it first.
  // Stop afterwards only the parts this run started (someone else may be using the rest), which are all
  // of the group's that were not running before (it has more apps than the pipeline needs).
  const before = runningParts()
  const needed = [
    "postgres",
    "kafka",
    "scheduler",
    "api",
    "recurrence",
    "reminders",
    "notifications",
    "audit",
    "realtime"
  ]
  if (needed.some((part) => !before.includes(part))) await stack(["up", "tickler"])
  const started = runningParts().filter((part) => !before.includes(part))
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

  log(`measuring the idle stack's CPU for ${IDLE_SECONDS} s`)
  const idleStart = cpuReading()
  await sleep(IDLE_SECONDS * 1000)
  const idleEnd = cpuReading()

  log(`completing ${COMPLETIONS} tasks with ${CLIENTS} concurrent clients${RATE > 0 ? ` at ${RATE}/s` : ""}`)
  const cpuBefore = cpuReading()
  const burstStart = new Date()
  await pool(COMPLETIONS, CLIENTS, async (i) => {
    const task = tasks[i]!
    // open loop: completion i is due at start + i/rate, whether or not the earlier ones are done
    if (RATE > 0) await sleep(burstStart.getTime() + (i * 1000) / RATE - Date.now())
    await call(api, "POST", `/tasks/${task.id}/complete`, task.token)
  })
  const burstEnd = Date.now()
  const loadAfterBurst = Os.loadavg()[0]!
  await waitForEffects(inUsers, burstStart)
  const cpuAfter = cpuReading()
  const cpu = {
    burst: cpuByPart(cpuBefore, cpuAfter),
    windowSeconds: (cpuAfter.at - cpuBefore.at) / 1000,
    idle: cpuByPart(idleStart, idleEnd),
    idleSeconds: (idleEnd.at - idleStart.at) / 1000
  }
  const results = await measurements(inUsers, burstStart, burstEnd, cpu, loadAfterBurst)
  if (started.length > 0 && !args.keep) await stack(["down", ...started])

  printResults(results)
  const report = finish(results)
  writeResults(report, { pipeline: chart(report) })
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
