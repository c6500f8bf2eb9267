// One load step, open loop: request i is due at start + i/rate whether or not earlier ones have been
// answered, and its latency counts from when it was due, so a server that falls behind shows it in the
// latency (no coordinated omission). autocannon's rate mode sent each connection's quota in a burst at the
// start of every second and corrected latencies with a 1 ms interval, which made p99 at 100 rps read as
// hundreds of ms. The step's CPU cost comes from /proc before and after.
import * as Http from "node:http"
import { type ProcessInfo, connectionPorts, cpuUsed, ownCpuSeconds, processes, tree } from "../shared/Proc.ts"
import { sleep } from "../shared/Http.ts"
import { distribution, round } from "../shared/Stats.ts"

export interface ApiRequest {
  readonly method: "GET" | "POST" | "PATCH"
  readonly path: string
  readonly token: string
  readonly body?: string
}

export interface Step {
  /** From the first request to the last answer (or the end of the grace): the window CPU was read over. */
  readonly elapsedSeconds: number
  readonly offeredRps: number
  /** Requests answered ÷ the step's seconds. */
  readonly achievedRps: number
  readonly requests: number
  readonly p50Ms: number
  readonly p90Ms: number
  readonly p99Ms: number
  readonly maxMs: number
  readonly non2xx: number
  /** Connection errors, and requests still unanswered 2 s after the step's last one was due. */
  readonly errors: number
  /** CPU of the server's process tree (every worker it forks) ÷ requests answered. */
  readonly serverCpuMsPerRequest: number
  /** CPU of the PostgreSQL backends serving the server's connections ÷ requests answered. */
  readonly databaseCpuMsPerRequest: number
  /** CPU of this process, the load generator, which shares the machine's cores ÷ requests answered. */
  readonly clientCpuMsPerRequest: number
}

/** The step held its rate: p99 ≤ 100 ms, every answer a 2xx, and ≥ 95 % of the offered rate achieved. */
export const sustainable = (step: Step): boolean =>
  step.p99Ms <= 100 && step.errors === 0 && step.non2xx === 0 && step.achievedRps >= 0.95 * step.offeredRps

interface CpuSample {
  readonly server: ReadonlyArray<ProcessInfo>
  readonly database: ReadonlyArray<ProcessInfo>
  readonly client: number
}

// A backend's title is "postgres: <user> <database> <client address>(<client port>) <state>".
const clientPort = (command: string) =>
  command.startsWith("postgres: ") ? Number(/\((\d+)\)/.exec(command)?.[1]) : undefined

/** The server's processes, and the PostgreSQL backends serving its connections (no one else's). */
const sampleCpu = (serverPid: number, databasePort: number): CpuSample => {
  const all = processes()
  const server = tree(all, serverPid)
  const ports = connectionPorts(
    server.map((p) => p.pid),
    databasePort
  )
  const database = all.filter((p) => ports.has(clientPort(p.command) ?? -1))
  return { server, database, client: ownCpuSeconds() }
}

/** CPU cores the server's process tree uses while nothing is asked of it (timers, pool upkeep). */
export const idleCores = async (serverPid: number, seconds: number): Promise<number> => {
  const before = tree(processes(), serverPid)
  const started = performance.now()
  await sleep(seconds * 1000)
  return cpuUsed(before, tree(processes(), serverPid)) / ((performance.now() - started) / 1000)
}

/** Enough connections to carry the rate at 100 ms per request, so the client is not the limit. */
const connectionsFor = (rate: number) => Math.max(32, Math.ceil(rate / 10))

const GRACE_MS = 2000

interface Outcome {
  readonly latencies: Array<number>
  non2xx: number
  errors: number
}

/** Sends one request; its latency counts from `due`, the moment it should have been sent. */
const send = (agent: Http.Agent, url: URL, request: ApiRequest, due: number, outcome: Outcome) => {
  const headers = {
    authorization: `Bearer ${request.token}`,
    ...(request.body === undefined ? {} : { "content-type": "application/json" })
  }
  const req = Http.request({
    agent,
    host: url.hostname,
    port: url.port,
    method: request.method,
    path: request.path,
    headers
  })
  const done = new Promise<void>((resolve) => {
    let settled = false
    // The first of these wins: an answer read to its end, or an error, or a close before either.
    const settle = (result: "answered" | "failed", status = 0) => {
      if (settled) return
      settled = true
      if (result === "failed") outcome.errors += 1
      else {
        outcome.latencies.push(performance.now() - due)
        if (status >= 300) outcome.non2xx += 1
      }
      resolve()
    }
    req.on("response", (response) => {
      response.resume() // the body is read, not checked
      response.on("end", () => settle("answered", response.statusCode))
      response.on("close", () => settle("failed"))
    })
    req.on("error", () => settle("failed"))
    req.on("close", () => settle("failed"))
  })
  req.end(request.body)
  return { req, done }
}

/** Offers `rate` requests per second for `seconds`, evenly spaced; those unanswered after a grace are errors. */
const offer = async (url: URL, rate: number, seconds: number, request: () => ApiRequest): Promise<Outcome> => {
  const agent = new Http.Agent({ keepAlive: true, maxSockets: connectionsFor(rate) })
  const outcome: Outcome = { latencies: [], non2xx: 0, errors: 0 }
  const total = Math.round(rate * seconds)
  const sent: Array<ReturnType<typeof send>> = []
  const start = performance.now()
  for (let i = 0; i < total; await sleep(1)) {
    for (const now = performance.now(); i < total && start + (i * 1000) / rate <= now; i++)
      sent.push(send(agent, url, request(), start + (i * 1000) / rate, outcome))
  }
  const answered = Promise.all(sent.map((s) => s.done))
  if ((await Promise.race([answered.then(() => true), sleep(GRACE_MS).then(() => false)])) === false) {
    for (const { req } of sent) req.destroy() // those already answered ignore it; the rest fail
    await answered
  }
  agent.destroy()
  return outcome
}

export const runStep = async (options: {
  readonly url: string
  readonly serverPid: number
  /** PostgreSQL's port, to find the server's connections and so its backends. */
  readonly databasePort: number
  readonly rate: number
  readonly seconds: number
  readonly request: () => ApiRequest
}): Promise<Step> => {
  const before = sampleCpu(options.serverPid, options.databasePort)
  const started = performance.now()
  const outcome = await offer(new URL(options.url), options.rate, options.seconds, options.request)
  const after = sampleCpu(options.serverPid, options.databasePort)
  const elapsedSeconds = round((performance.now() - started) / 1000)
  const latency = distribution(outcome.latencies)
  const requests = outcome.latencies.length
  const perRequest = (seconds: number) => round(requests > 0 ? (seconds * 1000) / requests : NaN)
  return {
    elapsedSeconds,
    offeredRps: options.rate,
    achievedRps: round(requests / options.seconds),
    requests,
    p50Ms: latency.p50,
    p90Ms: latency.p90,
    p99Ms: latency.p99,
    maxMs: latency.max,
    non2xx: outcome.non2xx,
    errors: outcome.errors,
    serverCpuMsPerRequest: perRequest(cpuUsed(before.server, after.server)),
    databaseCpuMsPerRequest: perRequest(cpuUsed(before.database, after.database)),
    clientCpuMsPerRequest: perRequest(after.client - before.client)
  }
}
