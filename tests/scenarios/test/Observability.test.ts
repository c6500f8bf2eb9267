import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  Client,
  Collector,
  eventually,
  observabilityTools,
  OtlpReceiver,
  Prometheus,
  type ReceivedSpan,
  singleProcessLogFiles,
  splitLogFiles,
  startSingleProcess,
  startSplit,
  type Topology
} from "../src/index.ts"

const topologies = [
  { name: "single process", start: startSingleProcess, logFiles: singleProcessLogFiles, services: 1 },
  { name: "split processes on Dapr", start: startSplit, logFiles: splitLogFiles, services: 4 }
]

/** Where a span sits in its trace: the names of its ancestors, root first. */
const ancestry = (span: ReceivedSpan, trace: ReadonlyArray<ReceivedSpan>): Array<string> => {
  const byId = new Map(trace.map((s) => [s.spanId, s]))
  const names: Array<string> = []
  for (let parent = span.parentSpanId && byId.get(span.parentSpanId); parent;) {
    names.unshift(parent.name)
    parent = parent.parentSpanId ? byId.get(parent.parentSpanId) : undefined
  }
  return names
}

const scrape = async (urls: ReadonlyArray<string>) =>
  (await Promise.all(urls.map(async (url) => (await fetch(url)).text()))).join("\n")

/** The sum of a metric's samples whose labels include `labels`. */
const sample = (exposition: string, metric: string, labels: Record<string, string>) =>
  exposition
    .split("\n")
    .filter((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `))
    .filter((line) => Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0)

describe.each(topologies)("observability on $name", ({ start, logFiles, services }) => {
  let receiver: OtlpReceiver
  let collector: Collector
  let prometheus: Prometheus
  let topology: Topology
  let ada: Client
  const password = "an observable password"

  beforeAll(async () => {
    const tools = observabilityTools()
    receiver = await OtlpReceiver.start()
    collector = await Collector.start(tools.otelcol, receiver.endpoint, logFiles)
    topology = await start({ env: collector.env })
    prometheus = await Prometheus.start(tools.prometheus, topology.metricsTargets)
    ada = await Client.signUp(topology.api, "Europe/Berlin", topology.events, password)
  })
  afterAll(async () => {
    await topology?.stop()
    await prometheus?.close()
    await collector?.close()
    await receiver?.close()
  })

  it("follows one completion in one trace, from the request through each consumer to the next instance", async () => {
    const task = (
      await ada.call("POST", "/tasks", {
        title: "Traced chore",
        due: { kind: "date", date: "2027-02-01" },
        recurrence: { rrule: "FREQ=WEEKLY", mode: "schedule" }
      })
    ).body
    expect((await ada.call("POST", `/tasks/${task.id}/complete`)).status).toBe(200)

    // Spans arrive in batches from each process: wait until the whole shape is in.
    const { trace, next, secondHop } = await eventually(
      async () => {
        const request = receiver.spans.find(
          (span) => span.name === "POST" && String(span.attributes["url.path"] ?? "").endsWith(`/${task.id}/complete`)
        )
        const trace = request ? receiver.spans.filter((span) => span.traceId === request.traceId) : []
        const next = trace.find((span) => span.name === "Tasks.createNextOccurrence")
        // The next instance's own event went out and was consumed again, further down the same trace.
        const secondHop = next
          ? trace.filter((span) => span.name === "consume task-events" && ancestry(span, trace).includes(next.name))
          : []
        return next && secondHop.length >= 3 && new Set(trace.map((s) => s.service)).size >= services
          ? { trace, next, secondHop }
          : undefined
      },
      20_000,
      "the completion's trace"
    )

    expect(ancestry(next, trace)).toEqual(
      expect.arrayContaining(["POST", "Tasks.complete", "Outbox.append", "publish task-events", "consume task-events"])
    )
    expect(secondHop.map((span) => span.attributes["messaging.consumer.group.name"]).sort()).toEqual([
      "audit",
      "recurrence",
      "reminders"
    ])
    if (services > 1) {
      // The request and the relay in api; each consumer in its own process.
      expect(trace.find((span) => span.name === "POST")!.service).toBe("tickler-api")
      expect(next.service).toBe("tickler-recurrence")
      expect(new Set(secondHop.map((span) => span.service))).toEqual(
        new Set(["tickler-audit", "tickler-recurrence", "tickler-reminders"])
      )
    }
  })

  it("serves Prometheus metrics that count what happened", async () => {
    const exposition = await eventually(
      async () => {
        const text = await scrape(topology.metricsTargets.filter((t) => t.job === "tickler").map((t) => t.url))
        return sample(text, "tickler_events_handled_total", { group: "recurrence", outcome: "handled" }) > 0
          ? text
          : undefined
      },
      10_000,
      "the consumers' metrics"
    )
    expect(
      sample(exposition, "http_server_requests_total", { route: "/api/tasks/:id/complete", status: "200" })
    ).toBeGreaterThanOrEqual(1)
    expect(sample(exposition, "tickler_outbox_published_total", { topic: "task-events" })).toBeGreaterThanOrEqual(2)
    expect(sample(exposition, "http_server_request_duration_seconds_count", { route: "/api/tasks" })).toBeGreaterThan(0)
    expect(exposition).toMatch(/^process_resident_memory_bytes \d+/m)
    // A real Prometheus scrapes every process and sidecar of the topology.
    await eventually(
      async () => ((await prometheus.query("up == 1")).length === topology.metricsTargets.length ? true : undefined),
      15_000,
      "Prometheus scraping every target"
    )
  })

  it("logs JSON lines with trace ids, and never a password, token or secret", async () => {
    const lines = topology
      .logs()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines.length).toBeGreaterThan(0)
    // A request's log line carries the ids of the span it was written in.
    expect(lines.find((line) => line["message"] === "Sent HTTP response")).toMatchObject({
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/)
    })
    const everything = topology.logs()
    for (const secret of [password, ada.token, ada.email]) expect(everything).not.toContain(secret)
  })
})
