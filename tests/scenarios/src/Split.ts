import { generateVapidKeys } from "@tickler/notifications"
import { spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import type { Topology, TopologyOptions } from "./Topology.ts"

const repoRoot = Path.resolve(import.meta.dirname, "../../..")
const stackMain = Path.join(repoRoot, "tools/stack/src/main.ts")
const stackDir = process.env["TICKLER_STACK_DIR"] ?? Path.join(repoRoot, ".data/stack")
const endpointsFile = Path.join(stackDir, "endpoints.json")

/** The product's processes in the local stack (tools/stack/src/topology.ts, group "tickler"). */
const APPS = ["api", "recurrence", "reminders", "notifications", "audit", "realtime", "assistant"]
const INFRA = ["postgres", "kafka", "scheduler"]
/** The files the split topology's processes log to (appended to across runs). */
const logFileOf = (appId: string) => Path.join(stackDir, "logs", `${appId}.log`)
export const splitLogFiles = APPS.map(logFileOf)

/** `pnpm stack <args>` with extra environment (restarted apps must get the env they started with). */
export const stack = (args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [stackMain, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    child.on("close", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`pnpm stack ${args.join(" ")} failed:\n${output}`))
    )
  })

/**
 * Tickler split across processes, each with its own Dapr sidecar, on Kafka + PostgreSQL + the Dapr
 * Scheduler (`pnpm stack up tickler`). The product's processes are restarted so `options.env` reaches
 * them; infrastructure this call started is stopped again by `stop`, what was already running stays.
 */
export const startSplit = async (options: TopologyOptions = {}): Promise<Topology> => {
  const status = JSON.parse(await stack(["status", "--json"])) as Array<{
    name: string
    processes: Array<{ running: boolean }>
  }>
  const startedInfra = INFRA.filter(
    (name) => !status.find((part) => part.name === name)?.processes.every((p) => p.running)
  )
  await stack(["down", ...APPS])
  // Web Push needs VAPID keys, as the dev profile makes its own: fresh ones unless the caller passes some.
  const vapid = generateVapidKeys()
  const env = {
    TICKLER_VAPID_PUBLIC_KEY: vapid.publicKey,
    TICKLER_VAPID_PRIVATE_KEY: vapid.privateKey,
    ...options.env
  }
  // Log files are appended to across runs: this topology's part starts at their current ends.
  const logFiles = (options.apps ?? APPS).map(logFileOf)
  const logStarts = new Map(logFiles.map((file) => [file, Fs.existsSync(file) ? Fs.statSync(file).size : 0]))
  await stack(["up", ...(options.apps ?? ["tickler"])], env)
  const sidecars = (
    JSON.parse(Fs.readFileSync(endpointsFile, "utf8")) as {
      sidecars: Record<string, { appPort: number; appMetricsPort: number; metricsPort: number }>
    }
  ).sidecars

  const base = (appId: string) => sidecars[appId] && `http://127.0.0.1:${sidecars[appId].appPort}/api`
  return {
    name: "split processes on Dapr",
    api: base("api")!,
    ...(base("realtime") ? { events: base("realtime") } : {}),
    ...(base("assistant") ? { chat: base("assistant") } : {}),
    metricsTargets: Object.entries(sidecars).flatMap(([app, ports]) => [
      { job: "tickler" as const, app, url: `http://127.0.0.1:${ports.appMetricsPort}/metrics` },
      { job: "dapr" as const, app, url: `http://127.0.0.1:${ports.metricsPort}/metrics` }
    ]),
    logs: () =>
      logFiles
        .map((file) => (Fs.existsSync(file) ? Fs.readFileSync(file).subarray(logStarts.get(file)).toString() : ""))
        .join(""),
    restart: async () => {
      await stack(["down", "assistant"])
      await stack(["up", "assistant"], env)
    },
    stop: async () => {
      await stack(["down", ...APPS])
      if (startedInfra.length > 0) await stack(["down", ...startedInfra])
    }
  }
}
