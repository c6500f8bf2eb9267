// A benchmark's results as JSON and SVG under bench/results/, with the machine and load they were
// measured on, so a figure is never read without its context.
import { execFileSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { log } from "./Http.ts"

const root = Path.resolve(import.meta.dirname, "../..")
export const resultsDir = Path.join(root, "bench/results")

export interface Machine {
  readonly cores: number
  readonly cpuModel: string
  readonly memoryGb: number
  readonly node: string
  readonly os: string
  /** 1-minute load average when the benchmark started: how busy the shared machine already was. */
  readonly loadBefore: number
}

export const machine = (): Machine => ({
  cores: Os.cpus().length,
  cpuModel: Os.cpus()[0]?.model.trim() ?? "unknown",
  memoryGb: Math.round(Os.totalmem() / 2 ** 30),
  node: process.version,
  os: `${Os.type()} ${Os.release()}`,
  loadBefore: Number(Os.loadavg()[0]!.toFixed(2))
})

const commit = (): string => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim()
  } catch {
    return "unknown"
  }
}

export interface Report<R> {
  readonly benchmark: string
  readonly startedAt: string
  readonly finishedAt: string
  readonly commit: string
  readonly machine: Machine
  /** What was offered: rates, durations, counts. */
  readonly load: Readonly<Record<string, string | number | boolean | ReadonlyArray<number>>>
  readonly targets: Readonly<Record<string, string>>
  readonly results: R
}

/**
 * Starts a report: the machine is read now, before the benchmark loads it. Finishing it takes the results
 * and what was only known at the end about the load (e.g. how many processes the server forked).
 */
export const startReport = (benchmark: string, load: Report<unknown>["load"], targets: Report<unknown>["targets"]) => {
  const started = {
    benchmark,
    startedAt: new Date().toISOString(),
    commit: commit(),
    machine: machine(),
    load,
    targets
  }
  return <R>(results: R, measuredLoad: Report<unknown>["load"] = {}): Report<R> => ({
    ...started,
    load: { ...load, ...measuredLoad },
    finishedAt: new Date().toISOString(),
    results
  })
}

/** The caption under a chart: machine, load and when. */
export const caption = (report: Report<unknown>): ReadonlyArray<string> => {
  const { cores, cpuModel, memoryGb, node, loadBefore } = report.machine
  const load = Object.entries(report.load)
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join("/") : value}`)
    .join(", ")
  return [
    `${cores} cores (${cpuModel}), ${memoryGb} GB, Node ${node}; load average ${loadBefore} at start (shared machine)`,
    `Load: ${load}`,
    `${report.startedAt.slice(0, 16).replace("T", " ")} UTC, commit ${report.commit}`
  ]
}

/** Writes `<benchmark>.json` and each chart as `<name>.svg` into bench/results/. */
export const writeResults = (report: Report<unknown>, charts: Readonly<Record<string, string>>): void => {
  Fs.mkdirSync(resultsDir, { recursive: true })
  const files = [
    [`${report.benchmark}.json`, `${JSON.stringify(report, null, 2)}\n`],
    ...Object.entries(charts).map(([name, svg]) => [`${name}.svg`, svg])
  ] as const
  for (const [file, text] of files) Fs.writeFileSync(Path.join(resultsDir, file), text)
  log(`results: ${files.map(([file]) => Path.join("bench/results", file)).join(", ")}`)
}
