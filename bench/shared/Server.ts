// Starts a Tickler profile (profiles/<name>/main.ts) for a benchmark on its own port, and stops it when
// the benchmark exits.
import { spawn } from "node:child_process"
import * as Path from "node:path"
import { isUp, log, waitUntilUp } from "./Http.ts"

const root = Path.resolve(import.meta.dirname, "../..")

export interface Server {
  /** The REST API's base URL, e.g. http://127.0.0.1:41900/api. */
  readonly api: string
  readonly pid: number
  readonly stop: () => void
}

export const startProfile = async (options: {
  readonly profile: string
  readonly port: number
  readonly env: Readonly<Record<string, string>>
  readonly startSeconds: number
  /** Runs after the server is stopped at exit, e.g. to remove its data directory. */
  readonly cleanUp?: () => void
}): Promise<Server> => {
  const api = `http://127.0.0.1:${options.port}/api`
  // Another benchmark's server on the port would answer for ours.
  if (await isUp(api)) throw new Error(`port ${options.port} already answers: is another benchmark running?`)
  log(`starting the ${options.profile} profile`)
  const server = spawn(process.execPath, [Path.join(root, "profiles", options.profile, "main.ts")], {
    env: { ...process.env, ...options.env, PORT: String(options.port) },
    stdio: ["ignore", "ignore", "inherit"]
  })
  let exited = false
  server.on("exit", () => (exited = true))
  const stop = () => server.kill("SIGTERM")
  process.on("exit", () => {
    stop()
    options.cleanUp?.()
  })
  await waitUntilUp(api, options.startSeconds, () => exited)
  log(`the ${options.profile} profile is up`)
  return { api, pid: server.pid!, stop }
}
