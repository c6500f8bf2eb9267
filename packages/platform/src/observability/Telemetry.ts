import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import {
  Config,
  ConfigProvider,
  Context,
  Effect,
  Layer,
  Logger,
  Metric,
  Option,
  References,
  Schedule,
  Tracer
} from "effect"
import { FetchHttpClient, HttpRouter } from "effect/http"
import { Otlp, OtlpSerialization, PrometheusMetrics } from "effect/observability"
import { createServer } from "node:http"
import { monitorEventLoopDelay } from "node:perf_hooks"

/**
 * Traces, metrics and logs of one process, by composition (every profile provides it):
 * - OTLP export of traces, metrics and logs when `OTEL_EXPORTER_OTLP_ENDPOINT` (or a per-signal
 *   endpoint) is set, configured by the standard `OTEL_*` variables; `http/json` or (default)
 *   `http/protobuf` by `OTEL_EXPORTER_OTLP_PROTOCOL`. Off when unset.
 * - Prometheus metrics at `/metrics` on `METRICS_PORT` (its own port, never the public one) when set.
 * - Log lines as JSON with the trace and span ids (`LOG_FORMAT=json`, the default when stdout is not a
 *   terminal), or human-readable (`LOG_FORMAT=pretty`, the default on a terminal).
 * - Process CPU, memory and event-loop delay as metrics.
 */
export const layerTelemetry = (serviceName: string) =>
  Layer.mergeAll(layerOtlp(serviceName), layerLogFormat(serviceName), layerMetricsServer, layerProcessMetrics)

/** The specification's defaults: with an endpoint set, every signal goes to it unless told otherwise. */
const OTEL_DEFAULTS = { OTEL_TRACES_EXPORTER: "otlp", OTEL_METRICS_EXPORTER: "otlp", OTEL_LOGS_EXPORTER: "otlp" }

const layerOtlp = (serviceName: string) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const protocol = yield* Config.String("OTEL_EXPORTER_OTLP_PROTOCOL").pipe(Config.withDefault("http/protobuf"))
      return Otlp.layerFromConfig({ resource: { serviceName } }).pipe(
        Layer.provide(protocol === "http/json" ? OtlpSerialization.layerJson : OtlpSerialization.layerProtobuf),
        Layer.provide(FetchHttpClient.layer),
        Layer.provide(ConfigProvider.layerAdd(ConfigProvider.fromUnknown(OTEL_DEFAULTS)))
      )
    })
  ).pipe(Layer.orDie)

/** One JSON object per line: what log shippers (Loki's promtail, Alloy, Fluent Bit) parse as is. */
const jsonLines = (serviceName: string) =>
  Logger.make((options) => {
    const span = Option.getOrUndefined(Context.getOption(options.fiber.context, Tracer.ParentSpan))
    const annotations = options.fiber.getRef(References.CurrentLogAnnotations)
    const line: Record<string, unknown> = {
      time: options.date.toISOString(),
      level: options.logLevel.toLowerCase(),
      service: serviceName,
      message: logMessage(options.message),
      ...(span ? { trace_id: span.traceId, span_id: span.spanId } : {}),
      ...(span?._tag === "Span" ? { span_name: span.name } : {}),
      // Work outside a request, a consumer or a loop (start-up, shutdown) is the process's own.
      module: "process",
      ...annotations
    }
    if (options.cause.reasons.length > 0) line["cause"] = String(options.cause)
    process.stdout.write(`${JSON.stringify(line)}\n`)
  })

const logMessage = (message: unknown): string => {
  const parts = Array.isArray(message) ? message : [message]
  return parts.map((part) => (typeof part === "string" ? part : JSON.stringify(part))).join(" ")
}

const layerLogFormat = (serviceName: string) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const format = yield* Config.Literals(["json", "pretty"], "LOG_FORMAT").pipe(
        Config.withDefault(process.stdout.isTTY ? "pretty" : "json")
      )
      return format === "json" ? Logger.layer([jsonLines(serviceName)]) : Layer.empty
    })
  ).pipe(Layer.orDie)

const layerMetricsServer = Layer.unwrap(
  Effect.gen(function* () {
    const port = yield* Config.option(Config.Int("METRICS_PORT"))
    const host = yield* Config.String("METRICS_HOST").pipe(Config.withDefault("127.0.0.1"))
    if (Option.isNone(port)) return Layer.empty
    return HttpRouter.serve(PrometheusMetrics.layerHttp(), { disableLogger: true, disableListenLog: true }).pipe(
      Layer.provide(NodeHttpServer.layer(createServer, { port: port.value, host }))
    )
  })
).pipe(Layer.orDie)

const cpuSeconds = Metric.counter("process_cpu_seconds_total", { description: "User and system CPU time spent" })
const residentMemory = Metric.gauge("process_resident_memory_bytes", { description: "Resident memory size" })
const heapUsed = Metric.gauge("nodejs_heap_used_bytes", { description: "V8 heap in use" })
const eventLoopDelay = Metric.gauge("nodejs_eventloop_delay_p99_seconds", {
  description: "99th percentile of the event loop's delay over the last sampling interval"
})

const layerProcessMetrics = Layer.effectDiscard(
  Effect.gen(function* () {
    const delay = monitorEventLoopDelay({ resolution: 10 })
    delay.enable()
    yield* Effect.addFinalizer(() => Effect.sync(() => delay.disable()))
    let lastCpu = process.cpuUsage()
    const sample = Effect.gen(function* () {
      const cpu = process.cpuUsage(lastCpu)
      lastCpu = process.cpuUsage()
      yield* Metric.update(cpuSeconds, (cpu.user + cpu.system) / 1e6)
      const memory = process.memoryUsage()
      yield* Metric.update(residentMemory, memory.rss)
      yield* Metric.update(heapUsed, memory.heapUsed)
      yield* Metric.update(eventLoopDelay, delay.percentile(99) / 1e9)
      delay.reset()
    })
    yield* Effect.forkScoped(sample.pipe(Effect.repeat(Schedule.spaced("5 seconds"))))
  })
)
