import * as Http from "node:http"
import type { AddressInfo } from "node:net"

/** One span as OTLP/JSON carries it, with the `service.name` of the process that sent it. */
export interface ReceivedSpan {
  readonly service: string
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId: string | undefined
  readonly name: string
  readonly attributes: Record<string, unknown>
}

interface OtlpValue {
  readonly stringValue?: string
  readonly intValue?: string | number
  readonly boolValue?: boolean
  readonly doubleValue?: number
}
interface OtlpAttribute {
  readonly key: string
  readonly value: OtlpValue
}
interface OtlpTraces {
  readonly resourceSpans: ReadonlyArray<{
    readonly resource?: { readonly attributes?: ReadonlyArray<OtlpAttribute> }
    readonly scopeSpans: ReadonlyArray<{
      readonly spans: ReadonlyArray<{
        readonly traceId: string
        readonly spanId: string
        readonly parentSpanId?: string
        readonly name: string
        readonly attributes?: ReadonlyArray<OtlpAttribute>
      }>
    }>
  }>
}

const valueOf = (value: OtlpValue) => value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue
const record = (attributes: ReadonlyArray<OtlpAttribute> = []) =>
  Object.fromEntries(attributes.map((a) => [a.key, valueOf(a.value)]))

/**
 * An OTLP/HTTP receiver speaking the protocol's JSON encoding (the processes export with
 * `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`): it keeps every span it is sent, for tests to inspect.
 */
export class OtlpReceiver {
  readonly spans: Array<ReceivedSpan> = []
  private readonly server = Http.createServer((request, response) => {
    let body = ""
    request.on("data", (chunk) => (body += chunk))
    request.on("end", () => {
      // daprd exports protobuf (OTEL_* reach it too); only the JSON encoding is read here.
      const json = String(request.headers["content-type"]).includes("json")
      if (request.url === "/v1/traces" && json) this.receive(JSON.parse(body) as OtlpTraces)
      response.writeHead(200, { "content-type": "application/json" }).end("{}")
    })
  })

  static async start(): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver()
    await new Promise<void>((resolve) => receiver.server.listen(0, "127.0.0.1", resolve))
    return receiver
  }

  get endpoint() {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  private receive(traces: OtlpTraces) {
    for (const resource of traces.resourceSpans) {
      const service = String(record(resource.resource?.attributes)["service.name"] ?? "unknown")
      for (const scope of resource.scopeSpans)
        for (const span of scope.spans)
          this.spans.push({
            service,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined,
            name: span.name,
            attributes: record(span.attributes)
          })
    }
  }

  /** The environment that makes a process export its traces here, every half second. */
  get env(): Record<string, string> {
    return {
      OTEL_EXPORTER_OTLP_ENDPOINT: this.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_TRACES_EXPORTER: "otlp",
      OTEL_METRICS_EXPORTER: "none",
      OTEL_LOGS_EXPORTER: "none",
      OTEL_BSP_SCHEDULE_DELAY: "500"
    }
  }

  close() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
