import type { ChildProcess } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { freePort } from "./net.ts"
import { startServer, stopServer } from "./Process.ts"
import type { MetricsTarget } from "./Topology.ts"

const repoRoot = Path.resolve(import.meta.dirname, "../../..")
/** The alerting rules the Helm chart installs (PrometheusRule), evaluated against the live series. */
const alertRulesFile = Path.join(repoRoot, "helm/tickler/files/alerts/tickler.rules.yaml")

export interface PromSample {
  readonly metric: Record<string, string>
  readonly value: number
}

export interface PromSeries {
  readonly metric: Record<string, string>
  readonly values: ReadonlyArray<readonly [number, number]>
}

/**
 * A real Prometheus server scraping a topology's processes and sidecars every second, with the chart's
 * alerting rules loaded; PromQL over its HTTP API.
 */
export class Prometheus {
  readonly url: string
  private readonly child: ChildProcess
  private readonly dataDir: string
  private constructor(url: string, child: ChildProcess, dataDir: string) {
    this.url = url
    this.child = child
    this.dataDir = dataDir
  }

  static async start(binary: string, targets: ReadonlyArray<MetricsTarget>): Promise<Prometheus> {
    const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "tickler-prometheus-"))
    const jobs = [...new Set(targets.map((target) => target.job))]
    const config = {
      global: { scrape_interval: "1s", evaluation_interval: "1s" },
      rule_files: [alertRulesFile],
      scrape_configs: jobs.map((job) => ({
        job_name: job,
        static_configs: targets
          .filter((target) => target.job === job)
          // `pod`, as a PodMonitor labels a series on Kubernetes: the dashboards' legends name it.
          .map((target) => ({ targets: [new URL(target.url).host], labels: { app: target.app, pod: target.app } }))
      }))
    }
    // JSON is YAML: no YAML writer needed.
    Fs.writeFileSync(Path.join(dataDir, "prometheus.yml"), JSON.stringify(config, null, 2))
    const url = `http://127.0.0.1:${await freePort()}`
    const child = await startServer(
      "prometheus",
      binary,
      [
        `--config.file=${Path.join(dataDir, "prometheus.yml")}`,
        `--storage.tsdb.path=${Path.join(dataDir, "data")}`,
        `--web.listen-address=${new URL(url).host}`,
        "--log.level=warn"
      ],
      {},
      async () => (await fetch(`${url}/-/ready`)).ok
    )
    return new Prometheus(url, child, dataDir)
  }

  private async api(path: string, params: Record<string, string>): Promise<any> {
    const response = await fetch(`${this.url}/api/v1/${path}?${new URLSearchParams(params)}`)
    const body = (await response.json()) as { status: string; data: unknown; error?: string }
    if (body.status !== "success") throw new Error(`${path} ${JSON.stringify(params)}: ${body.error}`)
    return body.data
  }

  /** An instant PromQL query's vector. */
  async query(promql: string): Promise<Array<PromSample>> {
    const data = (await this.api("query", { query: promql })) as {
      result: Array<{ metric: Record<string, string>; value: [number, string] }>
    }
    return data.result.map((sample) => ({ metric: sample.metric, value: Number(sample.value[1]) }))
  }

  /** A range query's series, each with its samples (seconds since the epoch, value), over `[start, end]`. */
  async queryRange(promql: string, start: Date, end: Date, stepSeconds: number): Promise<Array<PromSeries>> {
    const data = (await this.api("query_range", {
      query: promql,
      start: String(start.getTime() / 1000),
      end: String(end.getTime() / 1000),
      step: String(stepSeconds)
    })) as { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> }
    return data.result.map((series) => ({
      metric: series.metric,
      values: series.values.map(([at, value]) => [at, Number(value)] as const)
    }))
  }

  async close() {
    await stopServer(this.child)
    Fs.rmSync(this.dataDir, { recursive: true, force: true })
  }
}
