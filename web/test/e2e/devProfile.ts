/** The real `dev` profile (embedded PostgreSQL in a fresh data dir, a free port) serving the built web app. */
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import * as Path from "node:path"

const repoRoot = Path.resolve(import.meta.dirname, "../../..")

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))
      )
    })
  })

const waitForHealth = async (baseUrl: string, exited: () => string | undefined) => {
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    const failure = exited()
    if (failure) throw new Error(failure)
    try {
      const response = await fetch(`${baseUrl}/api/health`)
      if (response.status === 204) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`the dev profile did not answer on ${baseUrl} within 90 s`)
}

export interface DevProfile {
  readonly baseUrl: string
  /** Stops the process and removes its data. */
  readonly stop: () => Promise<void>
}

/** Starts the profile with `env` on top of this process's environment, and waits until it is healthy. */
export const startDevProfile = async (env: Readonly<Record<string, string>> = {}): Promise<DevProfile> => {
  const port = await freePort()
  const dataDir = mkdtempSync(Path.join(tmpdir(), "tickler-web-e2e-"))
  const baseUrl = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, ["profiles/dev/main.ts"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      TICKLER_DATA_DIR: dataDir,
      TICKLER_PUBLIC_URL: baseUrl
    },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  child.stdout.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000)))
  child.stderr.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000)))
  let exitCode: number | null | undefined
  child.once("exit", (code) => (exitCode = code))
  await waitForHealth(baseUrl, () =>
    exitCode === undefined ? undefined : `the dev profile exited (${exitCode}) before it was ready:\n${output}`
  )
  return {
    baseUrl,
    stop: async () => {
      // A server that died mid-run fails the tests after it with "connection refused": say why it died.
      if (exitCode !== undefined) console.error(`the dev profile exited (${exitCode}) during the tests:\n${output}`)
      child.kill("SIGTERM")
      await new Promise((resolve) => (exitCode === undefined ? child.once("exit", resolve) : resolve(undefined)))
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
