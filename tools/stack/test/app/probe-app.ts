// A minimal Dapr app (plain node:http) that the stack runs as probe-a / probe-b. It records what its
// sidecar delivers (events, job triggers, cron ticks, configuration updates) so the proof tests can
// assert real behaviour; GET /_probe/records exposes the record to the tests (not through Dapr).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"

const appId = process.env["APP_ID"] ?? "probe"
const port = Number(process.env["APP_PORT"])
const appApiToken = process.env["APP_API_TOKEN"] ?? ""

interface RecordEntry {
  kind: "event" | "job" | "cron" | "config" | "invoke"
  at: number
  path: string
  body: unknown
  /** for events: the status this app answered */
  answer?: string
}
const records: RecordEntry[] = []
/** per event id: how many deliveries so far (drives the "retry-once" mode) */
const deliveries = new Map<string, number>()

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let s = ""
    req.setEncoding("utf8")
    req.on("data", (c: string) => (s += c))
    req.on("end", () => resolve(s))
    req.on("error", reject)
  })

const json = (res: ServerResponse, code: number, body: unknown) => {
  res.writeHead(code, { "content-type": "application/json" })
  res.end(JSON.stringify(body))
}

const parse = (s: string): unknown => {
  try {
    return s ? JSON.parse(s) : null
  } catch {
    return s
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://x")
  const path = url.pathname
  const body = parse(await readBody(req))

  // test-side inspection: the test talks to the app directly
  if (path === "/_probe/records") return json(res, 200, records)
  if (path === "/_probe/health") return json(res, 200, { appId })

  // everything else must come from our own daprd, which presents APP_API_TOKEN
  if (req.headers["dapr-api-token"] !== appApiToken) return json(res, 401, { error: "bad or missing dapr-api-token" })

  if (path === "/dapr/subscribe" && req.method === "GET") {
    // only probe-a subscribes, with its own consumer group ({appID})
    return json(
      res,
      200,
      appId === "probe-a"
        ? [{ pubsubname: "pubsub", topic: "probe-events", route: "/events", deadLetterTopic: "probe-events-dlq" }]
        : []
    )
  }
  if (path === "/events" && req.method === "POST") {
    const ev = body as { id?: string; data?: { id?: string; mode?: string } }
    const key = ev.data?.id ?? ev.id ?? "?"
    const n = (deliveries.get(key) ?? 0) + 1
    deliveries.set(key, n)
    const mode = ev.data?.mode ?? "ok"
    const answer = mode === "poison" ? "RETRY" : mode === "retry-once" && n === 1 ? "RETRY" : "SUCCESS"
    records.push({ kind: "event", at: Date.now(), path, body, answer })
    return json(res, 200, { status: answer })
  }
  if (path.startsWith("/job/") && req.method === "POST") {
    records.push({ kind: "job", at: Date.now(), path, body })
    return json(res, 200, {})
  }
  if (path === "/cron-tick") {
    if (req.method === "OPTIONS") return json(res, 200, {})
    records.push({ kind: "cron", at: Date.now(), path, body })
    return json(res, 200, {})
  }
  if (path.startsWith("/configuration/") && req.method === "POST") {
    records.push({ kind: "config", at: Date.now(), path, body })
    return json(res, 200, {})
  }
  if (path === "/echo") {
    records.push({ kind: "invoke", at: Date.now(), path, body })
    return json(res, 200, {
      appId,
      method: req.method,
      body,
      callerToken: req.headers["dapr-api-token"] === appApiToken
    })
  }
  return json(res, 404, { error: `no route ${req.method} ${path}` })
})

server.listen(port, "127.0.0.1", () => console.log(`${appId} probe app listening on 127.0.0.1:${port}`))
const stop = () => server.close(() => process.exit(0))
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
