// `pnpm --filter @tickler/platform test:dapr`: the port contract suites against the Dapr layers on the
// real local stack. Starts the infrastructure if it is not running (and stops it again afterwards,
// leaving alone what was already up); the test itself starts and stops its own sidecar.
import { spawn, spawnSync } from "node:child_process"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"

const root = join(import.meta.dirname, "../../..")
const stack = join(root, "tools/stack/src/main.ts")
const vitest = join(dirname(createRequire(join(root, "package.json")).resolve("vitest/package.json")), "vitest.mjs")

const infraRunning = (): Set<string> => {
  const out = spawnSync(process.execPath, [stack, "status", "--json"], { cwd: root, encoding: "utf8" })
  const parts = JSON.parse(out.stdout) as Array<{ name: string; processes: Array<{ running: boolean }> }>
  return new Set(parts.filter((p) => p.processes.every((proc) => proc.running)).map((p) => p.name))
}

const run = (args: string[], cwd: string) =>
  new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { cwd, stdio: "inherit" })
    child.on("close", (code) => resolve(code ?? 1))
  })

const before = infraRunning()
const started = ["postgres", "kafka", "scheduler"].filter((name) => !before.has(name))
let code = await run([stack, "up", "infra"], root)
if (code === 0) code = await run([vitest, "run", "--config", "vitest.dapr.config.ts"], join(root, "packages/platform"))
if (started.length > 0) await run([stack, "down", ...started], root)
process.exit(code)
