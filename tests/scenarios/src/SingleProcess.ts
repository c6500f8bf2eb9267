import { type ChildProcess, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { freePort } from "./net.ts"
import { stopServer } from "./Process.ts"
import type { Topology, TopologyOptions } from "./Topology.ts"

const repoRoot = Path.resolve(import.meta.dirname, "../../..")

/** Where every single-process topology of this test process logs (as the split one logs to .data/stack/logs). */
export const singleProcessLogFiles = [Path.join(Os.tmpdir(), `tickler-scenario-${process.pid}.log`)]

/** The `dev` profile as one process on a fresh data directory. */
export const startSingleProcess = async (options: TopologyOptions = {}): Promise<Topology> => {
  const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "tickler-scenario-"))
  const port = await freePort()
  const metricsPort = await freePort()
  const [logFile] = singleProcessLogFiles as [string]
  // The file is shared by this test process's topologies: this one's part starts at its current end.
  const logStart = Fs.existsSync(logFile) ? Fs.statSync(logFile).size : 0
  const launch = async () => {
    const child = spawn(process.execPath, [Path.join(repoRoot, "profiles/dev/main.ts")], {
      env: {
        ...process.env,
        ...options.env,
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        TICKLER_DATA_DIR: dataDir
      },
      stdio: ["ignore", "pipe", "pipe"]
    })
    const keep = (chunk: Buffer) => Fs.appendFileSync(logFile, chunk)
    child.stdout!.on("data", keep)
    child.stderr!.on("data", keep)
    await waitForOutput(child, `http://127.0.0.1:${port}`)
    return child
  }
  let child = await launch()
  return {
    name: "single process",
    api: `http://127.0.0.1:${port}/api`,
    metricsTargets: [{ job: "tickler", app: "tickler", url: `http://127.0.0.1:${metricsPort}/metrics` }],
    logs: () => Fs.readFileSync(logFile).subarray(logStart).toString(),
    restart: async () => {
      await stopServer(child)
      child = await launch()
    },
    stop: async () => {
      await stopServer(child)
      Fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

const waitForOutput = (child: ChildProcess, text: string) =>
  new Promise<void>((resolve, reject) => {
    let output = ""
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes(text)) resolve()
    }
    child.stdout!.on("data", onData)
    child.stderr!.on("data", onData)
    child.once("exit", (code) => reject(new Error(`exited with ${code} before it was ready:\n${output}`)))
  })
