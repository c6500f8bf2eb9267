// One load step: autocannon offers a fixed request rate for some seconds; the step's latency comes from
// autocannon (corrected for coordinated omission), its CPU cost from /proc before and after.
import autocannon from "autocannon"
import { type ProcessInfo, connectionPorts, cpuUsed, ownCpuSeconds, processes, tree } from "../shared/Proc.ts"
import { round } from "../shared/Stats.ts"

export interface ApiRequest {
  readonly method: "GET" | "POST" | "PATCH"
  readonly path: string
  readonly token: string
  readonly body?: string
}

export interface Step {
  readonly offeredRps: number
  readonly achievedRps: number
  readonly requests: number
  readonly p50Ms: number
  readonly p90Ms: number
  readonly p99Ms: number
  readonly maxMs: number
  readonly non2xx: number
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

/** Enough connections to carry the rate at 100 ms per request, so the client is not the limit. */
const connectionsFor = (rate: number) => Math.max(32, Math.ceil(rate / 10))

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
  const result = await autocannon({
    url: options.url,
    connections: connectionsFor(options.rate),
    overallRate: options.rate,
    duration: options.seconds,
    requests: [
      {
        setupRequest: (request) => {
          const next = options.request()
          return {
            ...request,
            method: next.method,
            path: next.path,
            body: next.body,
            headers: {
              ...(next.body === undefined ? {} : { "content-type": "application/json" }),
              authorization: `Bearer ${next.token}`
            }
          }
        }
      }
    ]
  })
  const after = sampleCpu(options.serverPid, options.databasePort)
  const requests = result.requests.total
  const perRequest = (seconds: number) => round(requests > 0 ? (seconds * 1000) / requests : NaN)
  return {
    offeredRps: options.rate,
    achievedRps: round(requests / result.duration),
    requests,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    serverCpuMsPerRequest: perRequest(cpuUsed(before.server, after.server)),
    databaseCpuMsPerRequest: perRequest(cpuUsed(before.database, after.database)),
    clientCpuMsPerRequest: perRequest(after.client - before.client)
  }
}
