// Dapr: daprd and the Scheduler built from the Go module (cached by version), the resources in
// dapr/ rendered for this machine into .data/stack/dapr, and one daprd per application process.
import { spawn, spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statfsSync,
  writeFileSync
} from "node:fs"
import { join } from "node:path"
import { cacheDir, logFile, logsDir, renderedDaprDir, repoRoot, stackDir } from "./paths.ts"
import { StackError, portOpen, startProcess, waitFor, type PidRecord } from "./proc.ts"
import { CONFIG_CHANNEL, CONFIG_TABLE, connectionInfo } from "./postgres.ts"
import { appPorts, infraPorts, versions, type AppProcess } from "./topology.ts"
import type { Generated } from "./secrets.ts"

export const daprBinDir = () => join(cacheDir, `dapr-${versions.dapr}`)
export const daprd = () => join(daprBinDir(), "daprd")
export const schedulerBin = () => join(daprBinDir(), "scheduler")

const goVersion = (): [number, number, number] | undefined => {
  const r = spawnSync("go", ["env", "GOVERSION"], { encoding: "utf8" })
  const m = /go(\d+)\.(\d+)(?:\.(\d+))?/.exec(r.stdout ?? "")
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined
}

/** Builds daprd + scheduler once per version (tools/stack/scripts/build-dapr.sh), with progress. */
const buildScript = () => join(repoRoot, "tools/stack/scripts/build-dapr.sh")
/** The build recipe is part of the cache key: a changed build-dapr.sh rebuilds (comments aside). */
const recipeId = () => {
  const code = readFileSync(buildScript(), "utf8")
    .split("\n")
    .filter((l) => !/^\s*#/.test(l))
    .join("\n")
  return createHash("sha256").update(code).digest("hex").slice(0, 16)
}
const recipeFile = () => join(daprBinDir(), "recipe")

export const ensureDaprBinaries = async (log: (s: string) => void): Promise<void> => {
  const built =
    existsSync(daprd()) &&
    existsSync(schedulerBin()) &&
    existsSync(recipeFile()) &&
    readFileSync(recipeFile(), "utf8").trim() === recipeId()
  if (built) return
  const go = goVersion()
  if (!go)
    throw new StackError(
      "dapr-build",
      "go not found on PATH: daprd and the Scheduler are built from source once",
      `install Go >= 1.26.6, or put prebuilt daprd and scheduler ${versions.dapr} binaries in ${daprBinDir()}`
    )
  if (go[0] === 1 && (go[1] < 26 || (go[1] === 26 && go[2] < 6))) {
    throw new StackError(
      "dapr-build",
      `go ${go.join(".")} is too old: dapr v${versions.dapr} needs go >= 1.26.6`,
      "install a newer Go (or set GOTOOLCHAIN=go1.26.8 so go fetches it)"
    )
  }
  mkdirSync(cacheDir, { recursive: true })
  const freeGb = (() => {
    const s = statfsSync(cacheDir)
    return (s.bavail * s.bsize) / 2 ** 30
  })()
  if (freeGb < 6)
    throw new StackError(
      "dapr-build",
      `only ${freeGb.toFixed(1)} GB free under ${cacheDir}; the Go build needs ~6 GB (module + build cache)`,
      "free disk space or point TICKLER_CACHE at a bigger disk"
    )
  mkdirSync(logsDir, { recursive: true })
  const buildLog = logFile("dapr-build")
  log(
    `building Dapr ${versions.dapr} (daprd + scheduler) from the Go module: one time, ~7 min on 2 cores when cold (5+ GB of Go module and build cache); log ${buildLog}`
  )
  const started = Date.now()
  const out = createWriteStream(buildLog, { flags: "a" })
  const code = await new Promise<number>((resolve) => {
    const p = spawn("bash", [buildScript(), versions.dapr, daprBinDir()], { stdio: ["ignore", "pipe", "pipe"] })
    const forward = (chunk: Buffer) => {
      out.write(chunk)
      process.stdout.write(chunk)
    }
    p.stdout.on("data", forward)
    p.stderr.on("data", forward)
    p.on("close", (c) => resolve(c ?? 1))
    p.on("error", () => resolve(1))
  })
  out.end()
  if (code !== 0 || !existsSync(daprd()))
    throw new StackError(
      "dapr-build",
      `building Dapr ${versions.dapr} failed (exit ${code})`,
      `read ${buildLog} and ${join(daprBinDir(), "build.log")}`
    )
  writeFileSync(recipeFile(), recipeId() + "\n")
  log(`Dapr ${versions.dapr} built in ${((Date.now() - started) / 60000).toFixed(1)} min`)
}

// ---------- resources ----------

/** Values substituted for ${NAME} in dapr/*.yaml. The k8s variants will provide their own. */
const templateVars = (g: Generated): Record<string, string> => ({
  KAFKA_BROKERS: `127.0.0.1:${infraPorts().kafka}`,
  SECRETS_FILE: join(renderedDaprDir, "secrets.json"),
  CONFIG_TABLE,
  CONFIG_CHANNEL,
  NAME_RESOLUTION_DB: join(renderedDaprDir, "nameresolution.db"),
  POSTGRES_HOST: "127.0.0.1",
  POSTGRES_PORT: String(connectionInfo(g).port)
})

const render = (text: string, vars: Record<string, string>, file: string) =>
  text.replace(/\$\{([A-Z_]+)\}/g, (_, k: string) => {
    const v = vars[k]
    if (v === undefined)
      throw new StackError(
        "dapr",
        `${file} uses \${${k}}, which the stack does not define`,
        "fix the template or add the variable in tools/stack/src/dapr.ts"
      )
    return v
  })

/**
 * dapr/components/*.yaml + dapr/resiliency.yaml → .data/stack/dapr/resources/, dapr/config.yaml →
 * .data/stack/dapr/config.yaml, and the secrets file: dapr/secrets.json (yours, git-ignored) or
 * dapr/secrets.example.json, plus the stack's generated PostgreSQL connection string.
 */
export const renderResources = (g: Generated) => {
  const vars = templateVars(g)
  const resources = join(renderedDaprDir, "resources")
  // Running sidecars watch this directory (daprd 1.18 hot-reloads resources): removing it makes every
  // one of them exit ("failed to read resource directories"), and rewriting a file re-initialises its
  // component. So `up <one part>` must leave it in place: write only what changed, atomically, and
  // remove only files that are no longer rendered.
  mkdirSync(resources, { recursive: true })
  const rendered = new Set<string>()
  const src = join(repoRoot, "dapr")
  const files = [
    ...readdirSync(join(src, "components"))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => join("components", f)),
    "resiliency.yaml",
    "resiliency-tickler.yaml"
  ]
  for (const f of files) {
    const name = f.replace("components/", "")
    rendered.add(name)
    writeIfChanged(join(resources, name), render(readFileSync(join(src, f), "utf8"), vars, f))
  }
  for (const stale of readdirSync(resources).filter((f) => !rendered.has(f)))
    rmSync(join(resources, stale), { force: true })
  writeIfChanged(
    join(renderedDaprDir, "config.yaml"),
    render(readFileSync(join(src, "config.yaml"), "utf8"), vars, "config.yaml")
  )
  const userSecrets = existsSync(join(src, "secrets.json"))
    ? join(src, "secrets.json")
    : join(src, "secrets.example.json")
  const secrets = {
    ...(JSON.parse(readFileSync(userSecrets, "utf8")) as Record<string, unknown>),
    "postgres-connection-string": connectionInfo(g).dsn,
    // for the Tickler split profiles (profiles/*): their database and session secret
    "database-url": connectionInfo(g).url,
    "tickler-auth-secret": g.authSecret
  }
  writeIfChanged(vars["SECRETS_FILE"]!, JSON.stringify(secrets, null, 2), 0o600)
}

/** Writes `content` unless the file already holds it; via a temporary file and a rename, so a
 * sidecar reading it never sees it half-written. */
const writeIfChanged = (file: string, content: string, mode = 0o644) => {
  if (existsSync(file) && readFileSync(file, "utf8") === content) return
  // the temporary file lives outside resources/, so the hot-reload watcher never picks it up
  const temporary = join(renderedDaprDir, `.rendering-${process.pid}`)
  writeFileSync(temporary, content, { mode })
  renameSync(temporary, file)
}

// ---------- scheduler ----------

export const startScheduler = async (log: (s: string) => void): Promise<PidRecord> => {
  await ensureDaprBinaries(log)
  const p = infraPorts()
  const dataDir = join(stackDir, "scheduler", "etcd")
  mkdirSync(dataDir, { recursive: true })
  const rec = startProcess(
    "scheduler",
    schedulerBin(),
    [
      "--listen-address=127.0.0.1",
      `--port=${p.scheduler}`,
      // what the Scheduler tells daprd to dial; without it, it may advertise a non-loopback IP
      `--override-broadcast-host-port=127.0.0.1:${p.scheduler}`,
      "--healthz-listen-address=127.0.0.1",
      `--healthz-port=${p.schedulerHealthz}`,
      "--metrics-listen-address=127.0.0.1",
      `--metrics-port=${p.schedulerMetrics}`,
      "--id=dapr-scheduler-server-0",
      `--etcd-data-dir=${dataDir}`,
      `--etcd-client-port=${p.etcdClient}`,
      "--etcd-client-listen-address=127.0.0.1",
      `--etcd-initial-cluster=dapr-scheduler-server-0=http://127.0.0.1:${p.etcdPeer}`,
      "--mode=standalone",
      "--log-level=info"
    ],
    // TICKLER_HEALTHZ_LISTEN_ADDRESS: our build's fix for --healthz-listen-address being ignored
    { env: { NAMESPACE: "default", DAPR_HOST_IP: "127.0.0.1", TICKLER_HEALTHZ_LISTEN_ADDRESS: "127.0.0.1" } }
  )
  const started = Date.now()
  await waitFor(
    "scheduler",
    `GET /healthz on 127.0.0.1:${p.schedulerHealthz}`,
    async () => (await fetch(`http://127.0.0.1:${p.schedulerHealthz}/healthz`)).ok,
    60_000,
    rec
  )
  log(
    `scheduler ready on 127.0.0.1:${p.scheduler} in ${((Date.now() - started) / 1000).toFixed(1)}s (log ${logFile("scheduler")})`
  )
  return rec
}

// ---------- apps and sidecars ----------

export const sidecarName = (app: AppProcess) => `${app.appId}-daprd`

/**
 * Apps run from the repository, or from an assembled container image directory (TICKLER_APP_ROOT,
 * see scripts/assemble-image.sh) as another user (TICKLER_APP_UID, e.g. 65534) with a `node` that user
 * can execute (TICKLER_APP_NODE), as tests/image does.
 */
const imageRun = (): { cwd?: string; uid?: number; gid?: number } => {
  const root = process.env["TICKLER_APP_ROOT"]
  const uid = process.env["TICKLER_APP_UID"]
  return {
    ...(root ? { cwd: root } : {}),
    ...(uid ? { uid: Number(uid), gid: Number(uid) } : {})
  }
}

export const startApp = async (app: AppProcess, g: Generated, log: (s: string) => void): Promise<PidRecord> => {
  const ports = appPorts(app)
  const tok = g.tokens[app.appId]!
  const [cmd, ...args] = app.command ?? []
  if (cmd === undefined) throw new StackError(app.appId, "an external app is started by its owner", "start it first")
  const rec = startProcess(
    app.appId,
    cmd === "node" ? (process.env["TICKLER_APP_NODE"] ?? process.execPath) : cmd!,
    args,
    {
      ...imageRun(),
      env: {
        APP_ID: app.appId,
        APP_PORT: String(ports.app),
        METRICS_PORT: String(ports.appMetrics),
        DAPR_HTTP_PORT: String(ports.daprHttp),
        DAPR_GRPC_PORT: String(ports.daprGrpc),
        DAPR_API_TOKEN: tok.daprApiToken,
        APP_API_TOKEN: tok.appApiToken,
        // The app starts before its sidecar here, so what it needs to start comes in its environment
        // (in a cluster, where daprd starts alongside, the same values come from the secret store).
        DATABASE_URL: connectionInfo(g).url,
        ...(g.authSecret ? { TICKLER_AUTH_SECRET: g.authSecret } : {})
      }
    }
  )
  await waitFor(app.appId, `app listening on 127.0.0.1:${ports.app}`, () => portOpen(ports.app), 30_000, rec)
  log(`${app.appId} listening on 127.0.0.1:${ports.app}`)
  return rec
}

export const startSidecar = async (app: AppProcess, g: Generated, log: (s: string) => void): Promise<PidRecord> => {
  await ensureDaprBinaries(log)
  const ports = appPorts(app)
  const tok = g.tokens[app.appId]!
  const name = sidecarName(app)
  const started = Date.now()
  const rec = startProcess(
    name,
    daprd(),
    [
      "--mode=standalone",
      `--app-id=${app.appId}`,
      `--app-port=${ports.app}`,
      "--app-protocol=http",
      "--app-channel-address=127.0.0.1",
      `--dapr-http-port=${ports.daprHttp}`,
      `--dapr-grpc-port=${ports.daprGrpc}`,
      `--dapr-internal-grpc-port=${ports.daprInternalGrpc}`,
      "--dapr-listen-addresses=127.0.0.1",
      "--dapr-internal-grpc-listen-address=127.0.0.1", // default is all interfaces
      `--metrics-port=${ports.daprMetrics}`,
      "--metrics-listen-address=127.0.0.1",
      "--enable-profiling=false",
      `--resources-path=${join(renderedDaprDir, "resources")}`,
      `--config=${join(renderedDaprDir, "config.yaml")}`,
      `--scheduler-host-address=127.0.0.1:${infraPorts().scheduler}`,
      "--log-level=info"
    ],
    {
      env: {
        // loopback-only sandboxes: daprd otherwise fails with "failed to determine host address"
        DAPR_HOST_IP: "127.0.0.1",
        NAMESPACE: "default",
        DAPR_API_TOKEN: tok.daprApiToken,
        APP_API_TOKEN: tok.appApiToken
      }
    }
  )
  await waitFor(
    name,
    `GET /v1.0/healthz on 127.0.0.1:${ports.daprHttp}`,
    async () => (await fetch(`http://127.0.0.1:${ports.daprHttp}/v1.0/healthz`)).status === 204,
    60_000,
    rec
  )
  log(
    `${name} ready on http 127.0.0.1:${ports.daprHttp} grpc ${ports.daprGrpc} in ${((Date.now() - started) / 1000).toFixed(1)}s (log ${logFile(name)})`
  )
  return rec
}
