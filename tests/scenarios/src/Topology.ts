/** A running Tickler, however it is deployed: the scenarios only talk to it over HTTP. */
export interface Topology {
  readonly name: string
  /** Base URL of the REST API, e.g. http://127.0.0.1:4100/api */
  readonly api: string
  /** Base URL under which `/events` (SSE) is served, when not the API's (the split topology's realtime process). */
  readonly events?: string
  /** Base URL under which `/chat` is served, when not the API's (the split topology's assistant process). */
  readonly chat?: string
  /** The Prometheus endpoints (`/metrics`) of its processes (job `tickler`) and their sidecars (job `dapr`). */
  readonly metricsTargets: ReadonlyArray<MetricsTarget>
  /** What its processes have logged since it started. */
  readonly logs: () => string
  /** Restarts the process serving the chat assistant (with its sidecar), keeping all data. */
  readonly restart: () => Promise<void>
  readonly stop: () => Promise<void>
}

export interface TopologyOptions {
  /** Extra environment for every Tickler process (SMTP server, VAPID keys, …). */
  readonly env?: Record<string, string>
  /** The split topology's processes to start (default: all of them). */
  readonly apps?: ReadonlyArray<string>
}

export interface MetricsTarget {
  readonly job: "tickler" | "dapr"
  /** The process (or the process a sidecar belongs to), e.g. `api`. */
  readonly app: string
  readonly url: string
}
