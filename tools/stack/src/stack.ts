// Orchestration: up (in order, health-checked, all-or-nothing), down, status, endpoints.json.
import { existsSync, mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { endpointsFile, logFile, stackDir } from "./paths.ts"
import { StackError, isAlive, listPidRecords, portOpen, portOwner, readPid, stopProcess } from "./proc.ts"
import { connectionInfo, ensurePostgresInstalled, startPostgres } from "./postgres.ts"
import { ensureKafkaLibs, startKafka } from "./kafka.ts"
import { ensureDaprBinaries, renderResources, sidecarName, startApp, startScheduler, startSidecar } from "./dapr.ts"
import { appPorts, apps, infraPorts, resolveNames, type AppProcess } from "./topology.ts"
import { generated } from "./secrets.ts"

export const log = (s: string) => console.log(`[stack] ${s}`)

const appById = (id: string): AppProcess | undefined => apps.find((a) => a.appId === id)

/** Processes (by pid-file name) that make up a stack part. */
const processesOf = (name: string): string[] => {
  const app = appById(name)
  if (!app) return [name]
  return app.command ? [app.appId, sidecarName(app)] : [sidecarName(app)]
}

/** Ports each process listens on; checked before starting so a clash gets a clear message. */
const portsOf = (proc: string): Array<[string, number]> => {
  const p = infraPorts()
  if (proc === "postgres") return [["postgres", p.postgres]]
  if (proc === "kafka")
    return [
      ["kafka", p.kafka],
      ["kafka controller", p.kafkaController]
    ]
  if (proc === "scheduler")
    return [
      ["scheduler", p.scheduler],
      ["scheduler healthz", p.schedulerHealthz],
      ["scheduler metrics", p.schedulerMetrics],
      ["scheduler etcd client", p.etcdClient],
      ["scheduler etcd peer", p.etcdPeer]
    ]
  const app = apps.find((a) => a.appId === proc || sidecarName(a) === proc)
  if (!app) return []
  const a = appPorts(app)
  if (proc === app.appId)
    return [
      [`${proc} app`, a.app],
      [`${proc} app metrics`, a.appMetrics]
    ]
  return [
    [`${proc} http`, a.daprHttp],
    [`${proc} grpc`, a.daprGrpc],
    [`${proc} internal grpc`, a.daprInternalGrpc],
    [`${proc} metrics`, a.daprMetrics]
  ]
}

const running = (name: string): boolean => processesOf(name).every((p) => isAlive(readPid(p)))

const checkDisk = () => {
  mkdirSync(stackDir, { recursive: true })
  const s = statfsSync(stackDir)
  const freeMb = (s.bavail * s.bsize) / 2 ** 20
  if (freeMb < 512)
    throw new StackError(
      "disk",
      `only ${Math.round(freeMb)} MB free under ${stackDir}`,
      "free disk space (or run `pnpm stack down` and delete .data/stack to reset)"
    )
}

/** Starts the given processes of a part (all of them, or e.g. only a sidecar that died). */
const startPart = async (name: string, procs: readonly string[]): Promise<void> => {
  const g = generated(apps.map((a) => a.appId))
  if (name === "postgres") return void (await startPostgres(g, log))
  if (name === "kafka") return void (await startKafka(log))
  if (name === "scheduler") return void (await startScheduler(log))
  const app = appById(name)!
  renderResources(g)
  if (!app.command && !(await portOpen(appPorts(app).app, 300)))
    throw new StackError(
      name,
      `${name} is an external app and nothing listens on its port ${appPorts(app).app}`,
      "start the app process first (it gets its ports and tokens from tools/stack), then `up` starts its sidecar"
    )
  if (procs.includes(app.appId)) await startApp(app, g, log)
  if (procs.includes(sidecarName(app))) await startSidecar(app, g, log)
}

/**
 * One `pnpm stack up|down` at a time per state dir (several people or scripts may share a
 * checkout): a lock file holding the owner's pid; a lock whose owner is gone is taken over.
 */
const withLock = async <A>(f: () => Promise<A>): Promise<A> => {
  mkdirSync(stackDir, { recursive: true })
  const lock = join(stackDir, "lock")
  const deadline = Date.now() + 20 * 60_000
  let announced = false
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" })
      break
    } catch {
      const owner = Number(readFileSync(lock, "utf8").trim() || "0")
      const ownerAlive = owner > 0 && owner !== process.pid && existsSync(`/proc/${owner}`)
      if (!ownerAlive) {
        rmSync(lock, { force: true })
        continue
      }
      if (Date.now() > deadline)
        throw new StackError(
          "lock",
          `another stack command (pid ${owner}) still holds ${lock}`,
          `wait for it, or stop it (kill ${owner})`
        )
      if (!announced) log(`waiting for another stack command (pid ${owner}) to finish`)
      announced = true
      await new Promise((r) => setTimeout(r, 500))
    }
  }
  try {
    return await f()
  } finally {
    rmSync(lock, { force: true })
  }
}

/** Processes the current `up` started, so an interrupted `up` (Ctrl-C) can stop them. */
export const startedThisRun: string[] = []

/** Stops what the current `up` started (newest first). */
export const rollback = async () => {
  for (const p of [...startedThisRun].reverse()) await stopProcess(p, p === "postgres" ? "SIGINT" : "SIGTERM", 10_000)
  startedThisRun.length = 0
  writeEndpoints()
}

/**
 * Starts the named parts (and what they depend on) that are not already running. On any failure,
 * stops everything this call started and rethrows: never half a stack silently.
 */
export const up = (requested: readonly string[] = []): Promise<void> => withLock(() => upUnlocked(requested))

const upUnlocked = async (requested: readonly string[]): Promise<void> => {
  const names = resolveNames(requested)
  checkDisk()
  const startedNow = startedThisRun
  startedNow.length = 0
  const t0 = Date.now()
  // install/build phase first: nothing is started until every needed binary is there
  const toStart = names.filter((n) => !running(n))
  if (toStart.includes("postgres")) ensurePostgresInstalled(log)
  if (toStart.includes("kafka")) ensureKafkaLibs(log)
  if (toStart.some((n) => n !== "postgres" && n !== "kafka")) await ensureDaprBinaries(log)
  try {
    for (const name of names) {
      const missing = processesOf(name).filter((p) => !isAlive(readPid(p)))
      if (missing.length === 0) {
        log(`${name}: already running`)
        continue
      }
      // stale pid files from a crash: clear them (and any leftover group) before starting again
      for (const p of missing) await stopProcess(p)
      for (const p of missing) {
        for (const [what, port] of portsOf(p)) {
          if (await portOpen(port, 300)) {
            throw new StackError(
              name,
              `port ${port} (${what}) is already in use by ${portOwner(port)}`,
              "stop that process, or shift all stack ports with TICKLER_STACK_PORT_OFFSET=<n> (e.g. 100)"
            )
          }
        }
      }
      startedNow.push(...missing)
      await startPart(name, missing)
    }
    writeEndpoints()
    log(`up: ${names.join(", ")} in ${((Date.now() - t0) / 1000).toFixed(1)}s; endpoints in ${endpointsFile}`)
  } catch (e) {
    const failing = e instanceof StackError ? e.part : (startedNow.at(-1) ?? "stack")
    if (startedNow.length > 0) {
      log(`${failing} failed; stopping what this run started: ${startedNow.join(", ")}`)
      await rollback()
    }
    writeEndpoints()
    throw e
  }
}

/** Stops every process the stack recorded (apps, then sidecars, then infrastructure), or only the
 * named parts' own processes (not what they depend on). */
export const down = (names: readonly string[] = []): Promise<string[]> => withLock(() => downUnlocked(names))

const downUnlocked = async (names: readonly string[]): Promise<string[]> => {
  const only = new Set(names.flatMap(processesOf))
  const recs = listPidRecords()
    .map((r) => r.name)
    .filter((n) => only.size === 0 || only.has(n))
  const order = (n: string) =>
    apps.some((a) => a.appId === n)
      ? 0
      : n.endsWith("-daprd")
        ? 1
        : n === "scheduler"
          ? 2
          : n === "kafka"
            ? 3
            : n === "postgres"
              ? 4
              : 1
  const stopped: string[] = []
  for (const n of recs.sort((a, b) => order(a) - order(b))) {
    // postgres: SIGINT = fast shutdown (SIGTERM would wait for clients to disconnect)
    if (await stopProcess(n, n === "postgres" ? "SIGINT" : "SIGTERM")) stopped.push(n)
  }
  writeEndpoints()
  return stopped
}

export interface PartStatus {
  name: string
  processes: Array<{ name: string; pid: number | null; running: boolean; log: string }>
  ports: Record<string, number>
}

export const status = (): PartStatus[] =>
  resolveNames([]).map((name) => ({
    name,
    processes: processesOf(name).map((p) => {
      const r = readPid(p)
      return { name: p, pid: r?.pid ?? null, running: isAlive(r), log: logFile(p) }
    }),
    ports: Object.fromEntries(processesOf(name).flatMap(portsOf))
  }))

/** .data/stack/endpoints.json: how other code (tests, profiles) finds what is running. */
export const writeEndpoints = () => {
  if (!existsSync(stackDir)) return
  const g = generated(apps.map((a) => a.appId))
  const p = infraPorts()
  const pg = connectionInfo(g)
  const out: Record<string, unknown> = {}
  if (running("postgres"))
    out["postgres"] = {
      host: pg.host,
      port: pg.port,
      user: pg.user,
      password: pg.password,
      database: pg.database,
      url: pg.url
    }
  if (running("kafka")) out["kafka"] = { brokers: [`127.0.0.1:${p.kafka}`] }
  if (running("scheduler")) out["scheduler"] = { host: "127.0.0.1", port: p.scheduler, healthzPort: p.schedulerHealthz }
  const sidecars: Record<string, unknown> = {}
  for (const app of apps) {
    if (!running(app.appId)) continue
    const a = appPorts(app)
    const t = g.tokens[app.appId]!
    sidecars[app.appId] = {
      httpPort: a.daprHttp,
      grpcPort: a.daprGrpc,
      apiToken: t.daprApiToken,
      appPort: a.app,
      appApiToken: t.appApiToken,
      metricsPort: a.daprMetrics,
      appMetricsPort: a.appMetrics
    }
  }
  out["sidecars"] = sidecars
  writeFileSync(endpointsFile, JSON.stringify(out, null, 2) + "\n", { mode: 0o600 })
}
