// Shared helpers for the runtime proof tests: they talk to the real sidecars that `pnpm stack up`
// started, found through .data/stack/endpoints.json.
import "../src/quiet-kafkajs.ts"
import { randomUUID } from "node:crypto"
import { readFileSync } from "node:fs"
import { Kafka, logLevel } from "kafkajs"
import { endpointsFile } from "../src/paths.ts"

export interface Sidecar {
  httpPort: number
  grpcPort: number
  apiToken: string
  appPort: number
  appApiToken: string
}
export interface Endpoints {
  postgres: { host: string; port: number; user: string; password: string; database: string; url: string }
  kafka: { brokers: string[] }
  scheduler: { host: string; port: number; healthzPort: number }
  sidecars: Record<string, Sidecar>
}

export const endpoints = (): Endpoints => JSON.parse(readFileSync(endpointsFile, "utf8")) as Endpoints

export const sidecar = (appId: string): Sidecar => {
  const s = endpoints().sidecars[appId]
  if (!s) throw new Error(`${appId} is not running: run \`pnpm stack up\` first`)
  return s
}

/** Calls a sidecar's HTTP API with its API token. */
export const dapr = async (
  appId: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {}
) => {
  const s = sidecar(appId)
  const res = await fetch(`http://127.0.0.1:${s.httpPort}${path}`, {
    method,
    headers: {
      "dapr-api-token": s.apiToken,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await res.text()
  let json: unknown = undefined
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = text
  }
  return { status: res.status, headers: res.headers, text, json }
}

export interface ProbeRecord {
  kind: "event" | "job" | "cron" | "config" | "invoke"
  at: number
  path: string
  body: unknown
  answer?: string
}

/** What the probe app recorded (asked directly on the app port, not through Dapr). */
export const records = async (appId: string): Promise<ProbeRecord[]> => {
  const res = await fetch(`http://127.0.0.1:${sidecar(appId).appPort}/_probe/records`)
  return (await res.json()) as ProbeRecord[]
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls until `f` returns a truthy value; fails with `what` after timeoutMs. */
export const eventually = async <T>(
  what: string,
  f: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
  everyMs = 100
): Promise<T> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await f()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(everyMs)
  }
}

export const uid = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`

export const kafka = () =>
  new Kafka({ clientId: "stack-proof-tests", brokers: endpoints().kafka.brokers, logLevel: logLevel.NOTHING })

export interface KafkaMessageSeen {
  key: string | null
  value: string
  partition: number
  headers: Record<string, string>
}

/**
 * Reads a topic from the beginning with a fresh consumer group until `match` finds a message
 * (or the timeout passes). Proves what actually sits on the Kafka topic.
 */
export const findOnTopic = async (
  topic: string,
  match: (m: KafkaMessageSeen) => boolean,
  timeoutMs = 20_000
): Promise<KafkaMessageSeen> => {
  const consumer = kafka().consumer({ groupId: uid("proof-reader") })
  await consumer.connect()
  try {
    await consumer.subscribe({ topic, fromBeginning: true })
    let found: KafkaMessageSeen | undefined
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        const m: KafkaMessageSeen = {
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? "",
          partition,
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? ""]))
        }
        if (!found && match(m)) found = m
      }
    })
    return await eventually(`a matching message on ${topic}`, async () => found, timeoutMs)
  } finally {
    await consumer.disconnect()
  }
}

/** Events the probe app received whose CloudEvent data.id is `id`. */
export const eventsFor = async (appId: string, id: string) =>
  (await records(appId)).filter((r) => r.kind === "event" && (r.body as { data?: { id?: string } }).data?.id === id)
