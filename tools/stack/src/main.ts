// `pnpm stack up [names...] | down | status [--json] | logs [name] [-f]`
import "./quiet-kafkajs.ts"
import { spawnSync } from "node:child_process"
import { existsSync, readdirSync } from "node:fs"
import { logFile, logsDir } from "./paths.ts"
import { StackError } from "./proc.ts"
import { down, rollback, status, up } from "./stack.ts"

const usage = `usage: pnpm stack <command>
  up [names...]     start (building/installing what is missing) all parts, or the named ones and
                    what they need: postgres, kafka, scheduler, probe-a, probe-b; groups: infra, apps, probes
  down [names...]   stop everything the stack started (by recorded pid), or only the named parts
  status [--json]   what runs, pids, ports, log files
  logs [name] [-f]  tail a part's log (.data/stack/logs/<name>.log), or list the logs`

const main = async (argv: string[]): Promise<number> => {
  const [cmd, ...rest] = argv
  switch (cmd) {
    case "up": {
      // Ctrl-C / SIGTERM while starting: stop what this run started rather than leave half a stack
      for (const sig of ["SIGINT", "SIGTERM"] as const) {
        process.once(sig, () => {
          console.error(`\n[stack] ${sig} during up: stopping what this run started`)
          void rollback().then(() => process.exit(130))
        })
      }
      await up(rest.filter((a) => !a.startsWith("-")))
      return 0
    }
    case "down": {
      const stopped = await down(rest.filter((a) => !a.startsWith("-")))
      console.log(stopped.length ? `[stack] stopped ${stopped.join(", ")}` : "[stack] nothing was running")
      return 0
    }
    case "status": {
      const s = status()
      if (rest.includes("--json")) console.log(JSON.stringify(s, null, 2))
      else
        for (const part of s)
          for (const p of part.processes) {
            const ports = Object.entries(part.ports)
              .filter(([what]) => what.startsWith(`${p.name} `) || part.processes.length === 1)
              .map(([, port]) => port)
            console.log(
              `${p.running ? "up  " : "down"}  ${p.name.padEnd(16)} ${(p.pid === null ? "" : `pid ${p.pid}`).padEnd(11)} ${`ports ${ports.join(",")}`.padEnd(36)} ${p.log}`
            )
          }
      return 0
    }
    case "logs": {
      const name = rest.find((a) => !a.startsWith("-"))
      if (!name) {
        console.log(
          existsSync(logsDir)
            ? readdirSync(logsDir)
                .map((f) => `${logsDir}/${f}`)
                .join("\n")
            : "no logs yet"
        )
        return 0
      }
      if (!existsSync(logFile(name)))
        throw new StackError(name, `no log for "${name}" at ${logFile(name)}`, "run `pnpm stack logs` to list them")
      const follow = rest.includes("-f") || rest.includes("--follow")
      return (
        spawnSync("tail", ["-n", "200", ...(follow ? ["-F"] : []), logFile(name)], { stdio: "inherit" }).status ?? 0
      )
    }
    default:
      console.log(usage)
      return cmd === undefined || cmd === "help" || cmd === "--help" ? 0 : 2
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof StackError)
      console.error(`\n[stack] FAILED: ${e.part}: ${e.message}\n[stack] what to do: ${e.hint}`)
    else console.error(`\n[stack] FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    process.exit(1)
  }
)
