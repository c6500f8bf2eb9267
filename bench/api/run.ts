// API benchmark (issue 13): 1,000,000 tasks across 1,000 users in PostgreSQL (seeded once into the
// database `tickler_bench`, reused afterwards), the `api` profile started on it, and load offered from this
// separate process, open loop (bench/api/Load.ts). For each scenario (list with filter, search, create,
// update, complete):
//  1. the target rate for --seconds: rps, p50/p99/max latency, non-2xx and errors, and the CPU
//     per request of the server (its whole process tree, workers included; also net of its idle CPU,
//     measured for 5 s first) and of its database backends, from /proc, which stays comparable on a busy
//     machine where latency does not;
//  2. a rate sweep (--rates, --step-seconds each) up to the first step that does not hold (run once more
//     first: a neighbour's burst on a shared machine can spoil one step): the maximum sustainable rate is
//     the highest offered rate with p99 ≤ 100 ms, no errors, ≥ 95 % of it achieved.
// Prints the targets next to the figures (printed, not asserted) and writes bench/results/api.json
// and api.svg. Usage: pnpm bench:api [--seconds 15] [--step-seconds 8] [--rates 100,200,…]
//   [--scenarios list,search] [--port 41900] [--reseed (drops and seeds again: slow)]
import { parseArgs } from "node:util"
import { barChart, figure, lineChart } from "../shared/Chart.ts"
import { call, log, sleep } from "../shared/Http.ts"
import { processes, tree, treeMemoryMb } from "../shared/Proc.ts"
import { caption, startReport, writeResults } from "../shared/Results.ts"
import { startProfile } from "../shared/Server.ts"
import { round } from "../shared/Stats.ts"
import * as Database from "./Database.ts"
import { type ApiRequest, type Step, idleCores, runStep, sustainable } from "./Load.ts"

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "15" },
    "step-seconds": { type: "string", default: "8" },
    rates: { type: "string", default: "100,200,300,500,750,1000,1500,2000" },
    scenarios: { type: "string" },
    users: { type: "string", default: "1000" },
    "per-user": { type: "string", default: "1000" },
    // Not 4190: fetch refuses it (a "bad port" in the Fetch standard).
    port: { type: "string", default: "41900" },
    reseed: { type: "boolean", default: false }
  }
})
const SECONDS = Number(args.seconds)
const STEP_SECONDS = Number(args["step-seconds"])
const RATES = args.rates.split(",").map(Number)
const USERS = Number(args.users)
const PER_USER = Number(args["per-user"])
const LOADED_USERS = 50
const WARM_UP = { rate: 100, seconds: 3 }
const IDLE_SECONDS = 5
const CPU_TARGET_MS = 1
const PORT = Number(args.port)
const base = `http://127.0.0.1:${PORT}`
const api = `${base}/api`

interface Scenario {
  readonly name: string
  /** The target: p99 at a rate (complete has a CPU target only; its rate is create's). */
  readonly target: { readonly rate: number; readonly p99Ms?: number }
  readonly request: () => ApiRequest
  /** Called before each step with the most requests it can send (the complete scenario reopens its pool). */
  readonly beforeStep?: (requests: number) => void
}

interface ScenarioResult {
  readonly name: string
  readonly target: Scenario["target"]
  readonly atTarget: Step
  /** One step per rate up to the first that did not hold twice. */
  readonly sweep: ReadonlyArray<Step>
  /** First attempts that did not hold and were run again. */
  readonly retried: ReadonlyArray<Step>
  /** CPU per request over all the scenario's steps without errors (see `pooledCpu`). */
  readonly cpuMsPerRequest: PooledCpu
  /** Highest sustainable offered rate of the sweep; 0 when even its first step did not hold. */
  readonly maxSustainableRps: number
  /** Whether the sweep stopped at a failing step (false: the highest rate tried still held). */
  readonly limitFound: boolean
}

const startServer = (databaseUrl: string) =>
  startProfile({
    profile: "api",
    port: PORT,
    env: {
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: "10",
      TICKLER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret"
    },
    startSeconds: 180
  })

const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(Math.random() * items.length)]!
const filters = ["(today | overdue) & priority >= high", "#work & !#someday", "next 7 days & p1", "overdue"]
// Two misspelt on purpose: search also matches by trigram similarity.
const words = ["rent", "report", "meeting", "dentist", "groceries", "budget", "marathon", "propsal", "invoic", "tax"]

const scenarios = async (databaseUrl: string, tokens: ReadonlyArray<string>): Promise<ReadonlyArray<Scenario>> => {
  const taskIds = await Promise.all(
    tokens.map(async (token) =>
      ((await call(api, "GET", "/tasks?limit=100", token)).items as Array<{ id: string }>).map((t) => t.id)
    )
  )
  const mostRequests = Math.max(...RATES) * STEP_SECONDS
  let pool: ReadonlyArray<{ id: string; token: string }> = []
  let next = 0
  return [
    {
      name: "list with filter",
      target: { rate: 500, p99Ms: 25 },
      request: () => ({
        method: "GET",
        path: `/api/tasks?filter=${encodeURIComponent(pick(filters))}`,
        token: pick(tokens)
      })
    },
    {
      name: "search",
      target: { rate: 300, p99Ms: 50 },
      request: () => ({ method: "GET", path: `/api/tasks?q=${pick(words)}&limit=20`, token: pick(tokens) })
    },
    {
      name: "create",
      target: { rate: 300, p99Ms: 50 },
      request: () => ({
        method: "POST",
        path: "/api/tasks",
        token: pick(tokens),
        body: JSON.stringify({ title: Database.CREATED_TITLE, priority: "medium", tags: ["work"] })
      })
    },
    {
      name: "update",
      target: { rate: 300, p99Ms: 50 },
      request: () => {
        const i = Math.floor(Math.random() * tokens.length)
        return {
          method: "PATCH",
          path: `/api/tasks/${pick(taskIds[i]!)}`,
          token: tokens[i]!,
          body: JSON.stringify({ priority: pick(["low", "high"]) })
        }
      }
    },
    {
      name: "complete",
      target: { rate: 300 },
      // Each request completes a different open task: completing a completed one changes nothing.
      beforeStep: (requests) => {
        if (pool.length === 0)
          pool = Database.completionPool(databaseUrl, Math.max(requests, mostRequests) * 1.1 + 1000)
        else Database.reopenPool(databaseUrl)
        next = 0
      },
      request: () => {
        const task = pool[next++ % pool.length]!
        return { method: "POST", path: `/api/tasks/${task.id}/complete`, token: task.token }
      }
    }
  ]
}

const ms = (value: number) => `${value} ms`

const describe = (step: Step) =>
  `${step.achievedRps} rps, p50 ${ms(step.p50Ms)}, p99 ${ms(step.p99Ms)}, max ${ms(step.maxMs)}, ` +
  `${step.non2xx} non-2xx, ${step.errors} errors; CPU per request: server ${step.serverCpuMsPerRequest} ms, ` +
  `database ${step.databaseCpuMsPerRequest} ms`

interface PooledCpu {
  readonly server: number
  /** The server's figure less its idle CPU over the same time: what the requests themselves cost. */
  readonly serverNetOfIdle: number
  readonly database: number
  readonly loadGenerator: number
  readonly requests: number
  /** No step ran without errors, so the figure pools steps that did. */
  readonly fromStepsWithErrors: boolean
}

/**
 * CPU per request over every step of a scenario that ended without errors: the most requests, so the
 * steadiest figure (a step that gave up on requests still paid for the ones the server had started).
 * When every step had errors, over all of them.
 */
const pooledCpu = (steps: ReadonlyArray<Step>, serverIdleCores: number): PooledCpu => {
  const clean = steps.filter((s) => s.errors === 0 && s.requests > 0)
  const pooled = clean.length > 0 ? clean : steps.filter((s) => s.requests > 0)
  const requests = pooled.reduce((sum, s) => sum + s.requests, 0)
  const total = (perRequest: (s: Step) => number) => pooled.reduce((sum, s) => sum + perRequest(s) * s.requests, 0)
  const idleMs = serverIdleCores * 1000 * pooled.reduce((sum, s) => sum + s.elapsedSeconds, 0)
  return {
    server: round(total((s) => s.serverCpuMsPerRequest) / requests),
    serverNetOfIdle: round((total((s) => s.serverCpuMsPerRequest) - idleMs) / requests),
    database: round(total((s) => s.databaseCpuMsPerRequest) / requests),
    loadGenerator: round(total((s) => s.clientCpuMsPerRequest) / requests),
    requests,
    fromStepsWithErrors: clean.length === 0
  }
}

const measure = async (
  scenario: Scenario,
  server: { readonly pid: number; readonly idleCores: number },
  databasePort: number
): Promise<ScenarioResult> => {
  const step = async (rate: number, seconds: number) => {
    scenario.beforeStep?.(rate * seconds)
    const result = await runStep({
      url: base,
      serverPid: server.pid,
      databasePort,
      rate,
      seconds,
      request: scenario.request
    })
    await sleep(1000) // let the server drain before the next step
    return result
  }
  log(`${scenario.name}: warm-up, ${WARM_UP.rate} rps for ${WARM_UP.seconds} s`)
  await step(WARM_UP.rate, WARM_UP.seconds)
  log(`${scenario.name}: ${scenario.target.rate} rps for ${SECONDS} s`)
  const atTarget = await step(scenario.target.rate, SECONDS)
  log(`  ${describe(atTarget)}`)

  const sweep: Array<Step> = []
  const retried: Array<Step> = []
  const sweepStep = async (rate: number, attempt: string) => {
    const result = await step(rate, STEP_SECONDS)
    log(`  sweep ${rate} rps${attempt}: ${describe(result)} → ${sustainable(result) ? "holds" : "does not hold"}`)
    return result
  }
  for (const rate of RATES) {
    let result = await sweepStep(rate, "")
    if (!sustainable(result)) {
      retried.push(result)
      result = await sweepStep(rate, " (again)")
    }
    sweep.push(result)
    if (!sustainable(result)) break
  }
  const held = sweep.filter(sustainable)
  return {
    name: scenario.name,
    target: scenario.target,
    atTarget,
    sweep,
    retried,
    cpuMsPerRequest: pooledCpu([atTarget, ...sweep, ...retried], server.idleCores),
    maxSustainableRps: held.at(-1)?.offeredRps ?? 0,
    limitFound: held.length < sweep.length
  }
}

const mark = (pass: boolean) => (pass ? "pass" : "MISS")

const latencyVerdict = (result: ScenarioResult) => {
  const { p99Ms } = result.target
  if (p99Ms === undefined) return "no target"
  const step = result.atTarget
  const pass = step.p99Ms <= p99Ms && step.errors === 0 && step.non2xx === 0 && sustainable(step)
  return `${mark(pass)} (p99 ≤ ${p99Ms} ms at ${result.target.rate})`
}

const sustainableText = (result: ScenarioResult) =>
  result.limitFound ? `${result.maxSustainableRps}` : `≥ ${result.maxSustainableRps} (no limit found)`

const printSummary = (results: ReadonlyArray<ScenarioResult>) => {
  // marked * when CPU per request had to be pooled from steps with errors
  const cpu = (r: ScenarioResult, value: number) => (r.cpuMsPerRequest.fromStepsWithErrors ? `${value}*` : value)
  console.table(
    results.map((r) => ({
      scenario: r.name,
      "offered rps": r.target.rate,
      rps: r.atTarget.achievedRps,
      "p50 ms": r.atTarget.p50Ms,
      "p99 ms": r.atTarget.p99Ms,
      "max ms": r.atTarget.maxMs,
      "non-2xx": r.atTarget.non2xx,
      errors: r.atTarget.errors,
      "server CPU ms/req": cpu(r, r.cpuMsPerRequest.server),
      "net of idle": cpu(r, r.cpuMsPerRequest.serverNetOfIdle),
      "db CPU ms/req": cpu(r, r.cpuMsPerRequest.database),
      "latency target": latencyVerdict(r),
      [`CPU ≤ ${CPU_TARGET_MS} ms`]: mark(r.cpuMsPerRequest.server <= CPU_TARGET_MS),
      "max sustainable rps": sustainableText(r)
    }))
  )
  if (results.some((r) => r.cpuMsPerRequest.fromStepsWithErrors))
    log("* every step had errors: CPU per request pooled from steps that gave up on requests")
}

const chart = (report: Parameters<typeof caption>[0], results: ReadonlyArray<ScenarioResult>) =>
  figure({
    title: "bench:api: latency against offered rate, and CPU per request",
    columns: 2,
    caption: caption(report),
    panels: [
      ...results.map((r) =>
        lineChart({
          title: `${r.name}: max sustainable ${sustainableText(r)} rps`,
          xLabel: "offered requests/s",
          yLabel: "latency ms",
          logY: true,
          series: [
            { name: "p50", points: r.sweep.map((s) => [s.offeredRps, s.p50Ms] as const) },
            { name: "p99", points: r.sweep.map((s) => [s.offeredRps, s.p99Ms] as const) }
          ],
          guides: [{ y: 100, label: "sustainable: p99 ≤ 100 ms" }],
          marks: r.target.p99Ms === undefined ? [] : [{ x: r.target.rate, y: r.target.p99Ms, label: "target p99" }]
        })
      ),
      barChart({
        title: "CPU per request (over steps without errors)",
        unit: "CPU ms per request",
        seriesNames: ["server", "server net of idle", "database", "load generator"],
        groups: results.map((r) => ({
          label: r.name,
          values: [
            r.cpuMsPerRequest.server,
            r.cpuMsPerRequest.serverNetOfIdle,
            r.cpuMsPerRequest.database,
            r.cpuMsPerRequest.loadGenerator
          ]
        })),
        guide: { value: CPU_TARGET_MS, label: `server target ${CPU_TARGET_MS} ms` }
      })
    ]
  })

const main = async () => {
  const databaseUrl = Database.prepareDatabase(Database.adminUrl(), args.reseed)
  const server = await startServer(databaseUrl)
  if (Database.taskCount(databaseUrl) < USERS * PER_USER) {
    await Database.seed(databaseUrl, { users: USERS, perUser: PER_USER, loaded: LOADED_USERS }, async (n) => {
      const session = await call(api, "POST", "/auth/sign-up", undefined, {
        email: `bench${n}-${Date.now()}@example.com`,
        password: "bench password 1"
      })
      return { userId: session.user.id, token: session.token }
    })
  }
  Database.removeRunData(databaseUrl) // a previous run that stopped half-way
  const all = await scenarios(databaseUrl, Database.tokens(databaseUrl))
  const chosen = args.scenarios ? all.filter((s) => args.scenarios!.split(",").some((n) => s.name.startsWith(n))) : all
  const finish = startReport(
    "api",
    {
      tasks: USERS * PER_USER,
      users: USERS,
      "users loaded": LOADED_USERS,
      "seconds at target": SECONDS,
      "seconds per sweep step": STEP_SECONDS,
      "sweep rates": RATES,
      "api workers": process.env["TICKLER_API_WORKERS"] ?? "profile default"
    },
    {
      "list with filter": "p99 ≤ 25 ms at 500 rps",
      search: "p99 ≤ 50 ms at 300 rps",
      "create, update": "p99 ≤ 50 ms at 300 rps",
      "CPU per request": `≤ ${CPU_TARGET_MS} ms in the server (list, search, create, update, complete)`,
      "max sustainable rate": "the highest offered rate with p99 ≤ 100 ms, no errors, ≥ 95 % achieved"
    }
  )

  const results: Array<ScenarioResult> = []
  const databasePort = Number(new URL(databaseUrl).port || 5432)
  log(`measuring the idle server's CPU for ${IDLE_SECONDS} s`)
  const serverIdleCores = await idleCores(server.pid, IDLE_SECONDS)
  log(`  ${round(serverIdleCores)} cores`)
  for (const scenario of chosen)
    results.push(await measure(scenario, { pid: server.pid, idleCores: serverIdleCores }, databasePort))
  const memory = treeMemoryMb(server.pid)
  const serverProcesses = tree(processes(), server.pid).length
  server.stop()
  Database.removeRunData(databaseUrl)

  printSummary(results)
  log(
    `server: ${serverProcesses} process(es), RSS ${memory.rss.toFixed(0)} MB now, peaks summed ${memory.peak.toFixed(0)} MB`
  )
  const report = finish(
    {
      scenarios: results,
      server: {
        idleCores: round(serverIdleCores),
        rssMb: Math.round(memory.rss),
        peakRssMb: Math.round(memory.peak)
      }
    },
    { "server processes": serverProcesses }
  )
  writeResults(report, { api: chart(report, results) })
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
