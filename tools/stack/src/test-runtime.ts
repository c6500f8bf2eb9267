// `pnpm --filter @tickler/stack test:runtime`: stack up (building/installing what is missing) →
// the runtime proof tests → stack down, the last step even when an earlier one failed.
import { spawn } from "node:child_process"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { repoRoot } from "./paths.ts"

const stackPkg = join(repoRoot, "tools/stack")
const vitestEntry = join(
  dirname(createRequire(join(stackPkg, "package.json")).resolve("vitest/package.json")),
  "vitest.mjs"
)

const run = (args: string[], cwd: string): Promise<number> =>
  new Promise((resolve) => {
    const p = spawn(process.execPath, args, { cwd, stdio: "inherit" })
    p.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)))
    p.on("error", () => resolve(1))
  })

const main = async (): Promise<number> => {
  const t0 = Date.now()
  let stopping = false
  const down = async () => {
    if (stopping) return
    stopping = true
    const t = Date.now()
    await run([join(stackPkg, "src/main.ts"), "down"], repoRoot)
    console.log(`[test:runtime] stack down in ${((Date.now() - t) / 1000).toFixed(1)}s`)
  }
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => void down().then(() => process.exit(130)))

  const upCode = await run([join(stackPkg, "src/main.ts"), "up"], repoRoot)
  const upSeconds = (Date.now() - t0) / 1000
  console.log(`[test:runtime] stack up ${upCode === 0 ? "ok" : "FAILED"} in ${upSeconds.toFixed(1)}s`)
  let code = upCode
  if (upCode === 0) {
    const t1 = Date.now()
    code = await run([vitestEntry, "run", "--config", join(stackPkg, "vitest.config.ts")], stackPkg)
    console.log(
      `[test:runtime] proof tests ${code === 0 ? "passed" : "FAILED"} in ${((Date.now() - t1) / 1000).toFixed(1)}s`
    )
  }
  await down()
  console.log(`[test:runtime] total ${((Date.now() - t0) / 1000).toFixed(1)}s (up ${upSeconds.toFixed(1)}s)`)
  return code
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  }
)
