import type { ChildProcess } from "node:child_process"
import * as Path from "node:path"
import { freePort } from "./net.ts"
import { startServer, stopServer } from "./Process.ts"

const repoRoot = Path.resolve(import.meta.dirname, "../../..")
/** The configuration documented for Kubernetes, run here unchanged: only its variables differ. */
const collectorConfig = Path.join(repoRoot, "k8s/observability/otel-collector.yaml")

/** One glob for files of one directory (the collector's file finder needs a literal directory to start from). */
const logGlob = (files: ReadonlyArray<string>) => {
  const directory = Path.dirname(files[0]!)
  if (files.some((file) => Path.dirname(file) !== directory))
    throw new Error(`log files in several directories: ${files}`)
  const names = files.map((file) => Path.basename(file))
  return Path.join(directory, names.length === 1 ? names[0]! : `{${names.join(",")}}`)
}

/**
 * A real OpenTelemetry Collector between a topology and a test's receiver: it takes OTLP (protobuf or
 * JSON, HTTP or gRPC) from the apps and their daprd sidecars, reads the apps' log files, and forwards
 * both to `forwardTo` in OTLP's JSON encoding.
 */
export class Collector {
  /** OTLP/HTTP endpoint for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  readonly httpEndpoint: string
  private readonly child: ChildProcess
  private constructor(httpEndpoint: string, child: ChildProcess) {
    this.httpEndpoint = httpEndpoint
    this.child = child
  }

  static async start(binary: string, forwardTo: string, logFiles: ReadonlyArray<string>): Promise<Collector> {
    const [http, grpc] = [await freePort(), await freePort()]
    const child = await startServer(
      "otelcol",
      binary,
      [`--config=${collectorConfig}`],
      {
        OTLP_HTTP_LISTEN: `127.0.0.1:${http}`,
        OTLP_GRPC_LISTEN: `127.0.0.1:${grpc}`,
        TICKLER_LOG_FILES: logGlob(logFiles),
        TRACES_ENDPOINT: forwardTo,
        LOGS_ENDPOINT: forwardTo,
        EXPORT_ENCODING: "json",
        BATCH_TIMEOUT: "200ms"
      },
      // The OTLP/HTTP receiver answers 405 to a GET once it listens.
      async () => (await fetch(`http://127.0.0.1:${http}/v1/traces`)).status === 405
    )
    return new Collector(`http://127.0.0.1:${http}`, child)
  }

  /** The environment that makes a Tickler process (and its sidecar) export its spans here, every half second. */
  get env(): Record<string, string> {
    return {
      OTEL_EXPORTER_OTLP_ENDPOINT: this.httpEndpoint,
      // daprd reads these too, and assumes gRPC over TLS unless told otherwise.
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_INSECURE: "true",
      OTEL_TRACES_EXPORTER: "otlp",
      OTEL_METRICS_EXPORTER: "none",
      // The collector ships the log files: over OTLP too, every line would arrive twice.
      OTEL_LOGS_EXPORTER: "none",
      OTEL_BSP_SCHEDULE_DELAY: "500"
    }
  }

  close() {
    return stopServer(this.child)
  }
}
