import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Zlib from "node:zlib"

/** One span as OTLP/JSON carries it, with the `service.name` of the process that sent it. */
export interface ReceivedSpan {
  readonly service: string
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId: string | undefined
  readonly name: string
  readonly attributes: Record<string, unknown>
}

/** One log record, with its resource's attributes (what Loki turns into labels). */
export interface ReceivedLog {
  readonly resource: Record<string, unknown>
  readonly severity: string | undefined
  readonly body: unknown
  readonly traceId: string | undefined
  readonly spanId: string | undefined
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
interface OtlpResource {
  readonly resource?: { readonly attributes?: ReadonlyArray<OtlpAttribute> }
}
interface OtlpTraces {
  readonly resourceSpans?: ReadonlyArray<
    OtlpResource & {
      readonly scopeSpans: ReadonlyArray<{
        readonly spans?: ReadonlyArray<{
          readonly traceId: string
          readonly spanId: string
          readonly parentSpanId?: string
          readonly name: string
          readonly attributes?: ReadonlyArray<OtlpAttribute>
        }>
      }>
    }
  >
}
interface OtlpLogs {
  readonly resourceLogs?: ReadonlyArray<
    OtlpResource & {
      readonly scopeLogs: ReadonlyArray<{
        readonly logRecords?: ReadonlyArray<{
          readonly severityText?: string
          readonly body?: OtlpValue
          readonly traceId?: string
          readonly spanId?: string
          readonly attributes?: ReadonlyArray<OtlpAttribute>
        }>
      }>
    }
  >
}

const valueOf = (value: OtlpValue | undefined) =>
  value && (value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue)
const record = (attributes: ReadonlyArray<OtlpAttribute> = []) =>
  Object.fromEntries(attributes.map((a) => [a.key, valueOf(a.value)]))

/**
 * The end of the telemetry pipeline in the scenarios: an OTLP/HTTP receiver of the protocol's JSON
 * encoding (what the collector forwards in), keeping every span and log record for tests to inspect.
 */
export class OtlpReceiver {
  readonly spans: Array<ReceivedSpan> = []
  readonly logs: Array<ReceivedLog> = []
  private readonly server = Http.createServer((request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      if (!String(request.headers["content-type"]).includes("json")) {
        response.writeHead(415).end()
        return
      }
      // The collector's OTLP/HTTP exporter compresses with gzip by default.
      const raw = Buffer.concat(chunks)
      const body = (request.headers["content-encoding"] === "gzip" ? Zlib.gunzipSync(raw) : raw).toString()
      if (request.url === "/v1/traces") this.receiveTraces(JSON.parse(body) as OtlpTraces)
      if (request.url === "/v1/logs") this.receiveLogs(JSON.parse(body) as OtlpLogs)
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

  private receiveTraces(traces: OtlpTraces) {
    for (const resource of traces.resourceSpans ?? []) {
      const service = String(record(resource.resource?.attributes)["service.name"] ?? "unknown")
      for (const scope of resource.scopeSpans)
        for (const span of scope.spans ?? [])
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

  private receiveLogs(logs: OtlpLogs) {
    for (const resource of logs.resourceLogs ?? []) {
      const attributes = record(resource.resource?.attributes)
      for (const scope of resource.scopeLogs)
        for (const log of scope.logRecords ?? [])
          this.logs.push({
            resource: attributes,
            severity: log.severityText,
            body: valueOf(log.body),
            traceId: log.traceId || undefined,
            spanId: log.spanId || undefined,
            attributes: record(log.attributes)
          })
    }
  }

  close() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
