// The local stack's process list, as data. To add an application process (api, recurrence,
// notifications, ...), append an entry to `apps`: the stack gives it an app id, its own daprd with
// its own ports, API tokens and log file, and starts it after the infrastructure. Ports come from
// the entry's `slot`, so two entries never collide; see docs/operations/local-stack.md.

import { StackError } from "./proc.ts"

/** Pinned versions. Dapr: newest 1.18.x whose whole dependency graph the Go module proxy serves
 * (1.18.3 needs durabletask-go v0.12.4 and a pulsar-client-go fork that it refuses). */
export const versions = {
  dapr: "1.18.2",
  kafka: "4.1.2" // must match tools/stack/kafka/pom.xml
} as const

export interface AppProcess {
  /** Dapr app id, also the process name used by `pnpm stack up|logs <name>`. */
  readonly appId: string
  /** Command run from the repository root; env carries APP_PORT, DAPR_HTTP_PORT, tokens. Without
   * one the app is external: its owner (e.g. a test process) listens on APP_PORT first, and the
   * stack only starts its sidecar. */
  readonly command?: readonly string[]
  /** Distinct small integer: all of this app's ports derive from it (see appPorts). */
  readonly slot: number
  /** Groups it belongs to, usable as names for `up` (every app is also in "apps"). */
  readonly groups: readonly string[]
}

export const apps: readonly AppProcess[] = [
  // Two probe apps prove the plumbing (pub/sub, jobs, state, invocation, ...) for tools/stack/test.
  {
    appId: "probe-a",
    command: ["node", "tools/stack/test/app/probe-app.ts"],
    slot: 0,
    groups: ["probes"]
  },
  {
    appId: "probe-b",
    command: ["node", "tools/stack/test/app/probe-app.ts"],
    slot: 1,
    groups: ["probes"]
  },
  // Tickler split across processes (profiles/*), each with its own sidecar: `pnpm stack up tickler`.
  // api first: it runs every module's migrations before it listens, so the others find their tables.
  { appId: "api", command: ["node", "profiles/api/distributed.ts"], slot: 2, groups: ["tickler"] },
  { appId: "recurrence", command: ["node", "profiles/recurrence/main.ts"], slot: 3, groups: ["tickler"] },
  { appId: "reminders", command: ["node", "profiles/reminders/main.ts"], slot: 4, groups: ["tickler"] },
  { appId: "notifications", command: ["node", "profiles/notifications/main.ts"], slot: 5, groups: ["tickler"] },
  { appId: "audit", command: ["node", "profiles/audit/main.ts"], slot: 6, groups: ["tickler"] },
  { appId: "realtime", command: ["node", "profiles/realtime/main.ts"], slot: 7, groups: ["tickler"] },
  { appId: "assistant", command: ["node", "profiles/assistant/main.ts"], slot: 8, groups: ["tickler"] },
  // The Dapr port contract tests: the vitest process is the app (packages/platform/test-dapr).
  { appId: "dapr-contract", slot: 9, groups: ["contract"] }
]

/** Kafka topics created at `up`, with explicit partition counts. Events are keyed by user id
 * (metadata.partitionKey), so one user's events stay ordered within a partition. */
export const topics: ReadonlyArray<{ readonly name: string; readonly partitions: number }> = [
  { name: "task-events", partitions: 6 },
  { name: "task-events-dlq", partitions: 1 },
  { name: "reminders", partitions: 3 },
  { name: "reminders-dlq", partitions: 1 },
  { name: "task-updates", partitions: 6 },
  { name: "task-updates-dlq", partitions: 1 },
  // used only by the probe apps' proof tests, so test traffic never lands on product topics
  { name: "probe-events", partitions: 3 },
  { name: "probe-events-dlq", partitions: 1 },
  // used only by the Dapr port contract tests (packages/platform/test-dapr)
  { name: "contract-events", partitions: 3 },
  { name: "contract-events-dlq", partitions: 1 }
]

/** Fixed default ports: unusual ranges, to avoid clashing with system services and Dapr's own
 * defaults, and below Linux's ephemeral range (32768–60999, even with the largest offset) so no
 * outgoing connection can be holding one. TICKLER_STACK_PORT_OFFSET shifts all of them, e.g. for a
 * second checkout (keep stacks 2000 apart: one spans about 1,700 ports). */
export const portOffset = (): number => {
  const raw = process.env["TICKLER_STACK_PORT_OFFSET"] ?? "0"
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > 5000) {
    throw new Error(`TICKLER_STACK_PORT_OFFSET must be an integer in 0..5000, got "${raw}"`)
  }
  return n
}

export const infraPorts = () => {
  const o = portOffset()
  return {
    postgres: 25432 + o,
    kafka: 29092 + o,
    kafkaController: 29093 + o,
    scheduler: 26006 + o,
    schedulerHealthz: 26080 + o,
    schedulerMetrics: 26090 + o,
    etcdClient: 26379 + o,
    etcdPeer: 26380 + o
  }
}

export const appPorts = (app: AppProcess) => {
  const base = 27000 + portOffset() + app.slot * 10
  return {
    app: base,
    daprHttp: base + 1,
    daprGrpc: base + 2,
    daprInternalGrpc: base + 3,
    daprMetrics: base + 4,
    /** The app's own Prometheus metrics (METRICS_PORT). */
    appMetrics: base + 5
  }
}

export const infraNames = ["postgres", "kafka", "scheduler"] as const
export type InfraName = (typeof infraNames)[number]

/** Start order. Each app's daprd starts right after its app (daprd waits for the app port). */
export const allNames = (): string[] => [...infraNames, ...apps.map((a) => a.appId)]

/** What each name needs first. Sidecars need all infrastructure (components connect at init). */
export const dependencies = (name: string): string[] => {
  if (name === "postgres" || name === "kafka") return []
  if (name === "scheduler") return []
  return [...infraNames]
}

/** Expands names and groups ("infra", "apps", an app's group) into process names, in start order. */
export const resolveNames = (requested: readonly string[]): string[] => {
  // external apps (no command) only start when named: their owner must be listening first
  const managed = (a: AppProcess) => a.command !== undefined
  if (requested.length === 0) return allNames().filter((n) => !apps.some((a) => a.appId === n && !managed(a)))
  const wanted = new Set<string>()
  const add = (n: string) => {
    for (const d of dependencies(n)) add(d)
    wanted.add(n)
  }
  for (const r of requested) {
    if (r === "infra") infraNames.forEach(add)
    else if (r === "apps") apps.filter(managed).forEach((a) => add(a.appId))
    else if ((infraNames as readonly string[]).includes(r) || apps.some((a) => a.appId === r)) add(r)
    else {
      const group = apps.filter((a) => a.groups.includes(r))
      if (group.length === 0) {
        throw new StackError(
          r,
          `unknown stack part "${r}"`,
          `use one of: ${allNames().join(", ")}; or a group: infra, apps, ${[...new Set(apps.flatMap((a) => a.groups))].join(", ")}`
        )
      }
      group.forEach((a) => add(a.appId))
    }
  }
  return allNames().filter((n) => wanted.has(n))
}
