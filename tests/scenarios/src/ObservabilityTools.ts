import { execFileSync, spawn, type ChildProcess } from "node:child_process"
import * as Path from "node:path"

const repoRoot = Path.resolve(import.meta.dirname, "../../..")

/**
 * The Prometheus and OpenTelemetry Collector binaries (scripts/observability-tools.sh builds them once
 * per version into the tool cache; the test command does so in its own step, so here it is quick).
 */
export const observabilityTools = (): { prometheus: string; otelcol: string } => {
  const output = execFileSync("bash", [Path.join(repoRoot, "scripts/observability-tools.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"]
  })
  const paths = Object.fromEntries(
    output
      .trim()
      .split("\n")
      .map((line) => line.split("=", 2) as [string, string])
  )
  return { prometheus: paths["PROMETHEUS"]!, otelcol: paths["OTELCOL"]! }
}

/** A server process whose output is kept, so a failed start says why. */
export const startServer = async (
  name: string,
  command: string,
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  ready: () => Promise<boolean>
): Promise<ChildProcess> => {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  child.stdout!.on("data", (chunk) => (output += chunk))
  child.stderr!.on("data", (chunk) => (output += chunk))
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`)
    if (await ready().catch(() => false)) return child
    if (Date.now() > deadline) throw new Error(`${name} did not become ready in 30 s:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

export const stopServer = (child: ChildProcess | undefined) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null) return resolve()
    child.once("exit", () => resolve())
    child.kill("SIGTERM")
  })
