import { createHash, randomUUID } from "node:crypto"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  Client,
  Collector,
  type Dashboard,
  eventually,
  observabilityTools,
  OtlpReceiver,
  Prometheus,
  type ReceivedSpan,
  singleProcessLogFiles,
  snapshotDashboard,
  splitLogFiles,
  startSingleProcess,
  startSplit,
  type Topology
} from "../src/index.ts"

const topologies = [
  { name: "single process", start: startSingleProcess, logFiles: singleProcessLogFiles, services: 1 },
  { name: "split processes on Dapr", start: startSplit, logFiles: splitLogFiles, services: 4 }
]

const dashboardsDir = Path.resolve(import.meta.dirname, "../../../helm/tickler/files/dashboards")
/** Where the dashboards' snapshots are written when set (docs/operations/dashboards renders them). */
const snapshotsDir = process.env["TICKLER_DASHBOARD_SNAPSHOTS"]

/** daprd's span of the relay's bulk publish to Kafka. */
const daprdPublish = "/v1.0-alpha1/publish/bulk/pubsub/task-events"

/** A user id as the logs carry it: the first 16 hex digits of its SHA-256. */
const hashed = (userId: string) => createHash("sha256").update(userId).digest("hex").slice(0, 16)

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

describe.each(topologies)("observability on $name", ({ start, logFiles, services }) => {
  let receiver: OtlpReceiver
  let collector: Collector
  let prometheus: Prometheus
  let topology: Topology
  let ada: Client
  const password = "an observable password"

  let started: Date

  beforeAll(async () => {
    const tools = observabilityTools()
    receiver = await OtlpReceiver.start()
    collector = await Collector.start(tools.otelcol, receiver.endpoint, logFiles)
    topology = await start({ env: collector.env })
    prometheus = await Prometheus.start(tools.prometheus, topology.metricsTargets)
    started = new Date()
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
        const sidecarSpan = trace.some((span) => span.name === daprdPublish)
        return next &&
          secondHop.length >= 3 &&
          new Set(trace.map((s) => s.service)).size >= services &&
          (services === 1 || sidecarSpan)
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
      // The api's daprd (service = its app id) took the relay's publish to Kafka, inside the trace.
      const publishedByDaprd = trace.find((span) => span.name === daprdPublish)
      expect(publishedByDaprd?.service).toBe("api")
      expect(ancestry(publishedByDaprd!, trace)).toEqual(
        expect.arrayContaining(["POST", "Tasks.complete", "Outbox.append", "publish task-events"])
      )
    }
  })

  /** The sum of a metric's series, as the Prometheus scraping the topology sees it. */
  const sum = async (selector: string) => (await prometheus.query(`sum(${selector})`))[0]?.value ?? 0

  it("serves Prometheus metrics that count what happened", async () => {
    await eventually(
      async () =>
        (await sum(`tickler_events_handled_total{group="recurrence",outcome="handled"}`)) > 0 &&
        (await prometheus.query("up == 1")).length === topology.metricsTargets.length
          ? true
          : undefined,
      15_000,
      "the consumers' metrics, scraped from every process and sidecar"
    )
    expect(
      await sum(`http_server_requests_total{route="/api/tasks/:id/complete",status="200"}`)
    ).toBeGreaterThanOrEqual(1)
    expect(await sum(`tickler_outbox_published_total{topic="task-events"}`)).toBeGreaterThanOrEqual(2)
    expect(await sum(`http_server_request_duration_seconds_count{route="/api/tasks"}`)).toBeGreaterThan(0)
    expect((await prometheus.query(`process_resident_memory_bytes{job="tickler"} > 0`)).length).toBe(
      topology.metricsTargets.filter((target) => target.job === "tickler").length
    )
    if (services > 1) {
      // Every process's pool, from PostgreSQL's own view of its connections, within the pool's limit.
      const apps = topology.metricsTargets.filter((target) => target.job === "tickler").map((target) => target.app)
      const limits = await prometheus.query("db_client_connection_max")
      expect(limits.map((sample) => sample.metric["app"]).sort()).toEqual([...apps].sort())
      for (const limit of limits) expect(limit.value).toBe(10)
      const open = await prometheus.query("sum by (app) (db_client_connection_count)")
      expect(open.map((sample) => sample.metric["app"]).sort()).toEqual([...apps].sort())
      for (const sample of open) expect(sample.value).toBeLessThanOrEqual(10)
    }
  })

  it("counts each fired reminder once, with its lateness, and its in-app delivery", async () => {
    const fireAt = new Date(Date.now() + 2_000)
    const task = await ada.call("POST", "/tasks", {
      title: "Measured reminder",
      due: { kind: "datetime", local: "2030-01-01T12:00", zone: "Europe/Berlin" },
      reminders: [{ kind: "absolute", at: fireAt.toISOString() }]
    })
    expect(task.status).toBe(201)
    const notifications = await eventually(
      async () => {
        const page = (await ada.call("GET", "/notifications")).body
        return page.items.length > 0 ? page.items : undefined
      },
      10_000,
      "the reminder's in-app notification"
    )
    expect(notifications).toHaveLength(1)
    // Each process is scraped at its own moment: wait for the firing (reminders) and the delivery (notifications).
    await eventually(
      async () =>
        (await sum(`tickler_notification_deliveries_total{channel="inApp",outcome="sent"}`)) === 1 &&
        (await sum("tickler_reminder_lateness_seconds_count")) > 0
          ? true
          : undefined,
      10_000,
      "the firing and the in-app delivery, scraped"
    )
    // One reminder fired: one lateness observation, of the time from its due moment to its firing.
    expect(await sum("tickler_reminder_lateness_seconds_count")).toBe(notifications.length)
    const lateness = await sum("tickler_reminder_lateness_seconds_sum")
    expect(lateness).toBeGreaterThanOrEqual(0)
    expect(lateness).toBeLessThan(5)
    expect(await sum(`tickler_notification_deliveries_total{outcome="failed"}`)).toBe(0)
  })

  it("draws every dashboard panel from the run's series", async () => {
    // Some use, so each panel has something to draw: requests (one a 404), completions of a recurring
    // task, reminders firing (on tasks left open: completing one cancels its reminders).
    const until = Date.now() + 15_000
    for (let round = 0; Date.now() < until; round++) {
      const remind = round % 3 === 0
      const task = (
        await ada.call("POST", "/tasks", {
          title: `Chore ${round}`,
          due: { kind: "datetime", local: "2030-01-01T12:00", zone: "Europe/Berlin" },
          recurrence: { rrule: "FREQ=DAILY", mode: "schedule" },
          reminders: remind ? [{ kind: "absolute", at: new Date(Date.now() + 1_000).toISOString() }] : []
        })
      ).body
      await ada.call("GET", `/tasks?filter=${encodeURIComponent("#home | today")}`)
      await ada.call("GET", `/tasks?q=chore`)
      if (!remind) await ada.call("POST", `/tasks/${task.id}/complete`)
      expect((await ada.call("GET", `/tasks/${randomUUID()}`)).status).toBe(404)
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    // PGlite, in the single process, has no connection pool to chart.
    const expectedEmpty = services > 1 ? [] : ["Database connections per process"]
    const processes = topology.metricsTargets.filter((target) => target.job === "tickler").length
    for (const file of Fs.readdirSync(dashboardsDir)) {
      const dashboard = JSON.parse(Fs.readFileSync(Path.join(dashboardsDir, file), "utf8")) as Dashboard
      const snapshot = await snapshotDashboard(prometheus, dashboard, {
        start: started,
        end: new Date(),
        window: "15s",
        caption: `${topology.name}: ${processes} Tickler processes${services > 1 ? " and their daprd sidecars" : ""}, scraped every second by Prometheus during the observability scenario, ${new Date().toISOString().slice(0, 16)}Z; rate windows 15 s`
      })
      const empty = Object.entries(snapshot.seriesPerPanel)
        .filter(([, count]) => count === 0)
        .map(([title]) => title)
      expect(empty, `${file}: panels with no series`).toEqual(expectedEmpty.filter((t) => t in snapshot.seriesPerPanel))
      if (snapshotsDir && services > 1)
        Fs.writeFileSync(Path.join(snapshotsDir, file.replace(".json", ".svg")), snapshot.svg)
    }
  })

  it("logs JSON lines with their module, trace ids and hashed user, and never a password, token, secret or user id", async () => {
    const me = (await ada.call("GET", "/auth/me")).body as { id: string }
    const task = (await ada.call("POST", "/tasks", { title: "Chore with a logged request" })).body
    expect((await ada.call("GET", `/tasks/${task.id}`)).status).toBe(200)
    const jsonLines = () =>
      topology
        .logs()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
    // A request's log line carries the ids of the span it was written in, its route's module and its user.
    const access = await eventually(
      async () => jsonLines().find((line) => line["http.url"] === `/api/tasks/${task.id}`),
      10_000,
      "the request's access line"
    )
    expect(access).toMatchObject({
      message: "Sent HTTP response",
      level: "info",
      module: "tasks",
      "http.route": "/api/tasks/:id",
      "http.status": 200,
      user: hashed(me.id),
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/)
    })
    for (const line of jsonLines())
      expect(line).toMatchObject({ level: expect.any(String), module: expect.any(String) })
    const everything = topology.logs()
    for (const secret of [password, ada.token, ada.email, me.id]) expect(everything).not.toContain(secret)
  })

  it("ships the log lines through the collector, labelled with their service and linked to their trace", async () => {
    const task = (await ada.call("POST", "/tasks", { title: "Logged chore" })).body
    expect((await ada.call("GET", `/tasks/${task.id}`)).status).toBe(200)
    const shipped = await eventually(
      async () => receiver.logs.find((log) => log.attributes["http.url"] === `/api/tasks/${task.id}`),
      15_000,
      "the request's log line, shipped from the log file"
    )
    expect(shipped).toMatchObject({
      resource: { "service.name": services > 1 ? "tickler-api" : "tickler" },
      body: "Sent HTTP response",
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/)
    })
    // The same trace as the request's spans.
    await eventually(
      async () => receiver.spans.find((span) => span.traceId === shipped.traceId && span.name === "GET"),
      15_000,
      "the request's span"
    )
  })
})
