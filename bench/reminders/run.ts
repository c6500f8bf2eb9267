// Reminders benchmark: 10,000 reminders due in the same minute. Starts the dev profile (or targets
// --api), creates the tasks through the REST API, waits for every in-app notification and prints
// lateness p50/p99/max (notification created − reminder due), duplicates and the server's peak RSS.
// Usage: pnpm bench:reminders [--reminders 10000] [--users 10] [--api http://host:port/api]
import { spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { parseArgs } from "node:util"

const { values: args } = parseArgs({
  options: {
    reminders: { type: "string", default: "10000" },
    users: { type: "string", default: "10" },
    api: { type: "string" }
  }
})
const REMINDERS = Number(args.reminders)
const USERS = Number(args.users)
const PORT = 41910
const root = Path.resolve(import.meta.dirname, "../..")
const log = (message: string) => console.log(`[bench] ${message}`)

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

const startDevProfile = async () => {
  const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "tickler-bench-reminders-"))
  const server = spawn(process.execPath, [Path.join(root, "profiles/dev/main.ts")], {
    env: { ...process.env, PORT: String(PORT), TICKLER_DATA_DIR: dataDir },
    stdio: ["ignore", "ignore", "inherit"]
  })
  process.on("exit", () => {
    server.kill("SIGTERM")
    Fs.rmSync(dataDir, { recursive: true, force: true })
  })
  const api = `http://127.0.0.1:${PORT}/api`
  for (let i = 0; ; i++) {
    try {
      await fetch(`${api}/health`)
      return { api, pid: server.pid! }
    } catch {
      if (i > 600) throw new Error("the dev profile did not start within 2 minutes")
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

const main = async () => {
  const { api, pid } = args.api ? { api: args.api, pid: undefined } : await startDevProfile()
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
    const text = await response.text()
    return text ? JSON.parse(text) : undefined
  }

  const tokens: Array<string> = []
  for (let u = 0; u < USERS; u++) {
    const session = await call("POST", "/auth/sign-up", undefined, {
      email: `bench-reminders-${Date.now()}-${u}@example.com`,
      password: "bench password 1"
    })
    tokens.push(session.token)
  }

  // The minute all reminders fall due in: far enough ahead to create every task first.
  const creationBudgetMs = Math.max(30_000, REMINDERS * 8)
  const minuteStart = Math.ceil((Date.now() + creationBudgetMs) / 60_000) * 60_000
  log(`creating ${REMINDERS} tasks with a reminder each, due between ${new Date(minuteStart).toISOString()} and +60 s`)
  let created = 0
  const createdStarted = Date.now()
  const worker = async (w: number) => {
    for (let i = w; i < REMINDERS; i += 16) {
      const fireAt = new Date(minuteStart + (i % 60) * 1_000 + (Math.floor(i / 60) % 1_000))
      await call("POST", "/tasks", tokens[i % USERS], {
        title: `Reminder ${i}`,
        reminders: [{ kind: "absolute", at: fireAt.toISOString() }]
      })
      created += 1
      if (created % 1_000 === 0)
        log(`created ${created}/${REMINDERS} (${Math.round(created / ((Date.now() - createdStarted) / 1000))} tasks/s)`)
    }
  }
  await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)))
  if (Date.now() > minuteStart)
    log("warning: creation ran into the due minute; early reminders fire as soon as they are scheduled")

  log(`waiting for ${REMINDERS} in-app notifications`)
  const deadline = minuteStart + 60_000 + 180_000
  for (;;) {
    const counts = await Promise.all(tokens.map((token) => call("GET", "/notifications?limit=1", token)))
    const delivered = counts.reduce((sum, page) => sum + page.unreadCount, 0)
    if (delivered >= REMINDERS) break
    if (Date.now() > deadline) {
      log(`gave up: ${delivered}/${REMINDERS} delivered 3 minutes after the minute ended`)
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000))
  }

  const lateness: Array<number> = []
  const reminderIds = new Set<string>()
  let total = 0
  let late = 0
  for (const token of tokens) {
    let cursor: string | null = null
    do {
      const page: any = await call("GET", `/notifications?limit=200${cursor ? `&cursor=${cursor}` : ""}`, token)
      for (const item of page.items) {
        total += 1
        reminderIds.add(item.reminderId)
        if (item.late) late += 1
        lateness.push(Date.parse(item.createdAt) - Date.parse(item.fireAt))
      }
      cursor = page.nextCursor
    } while (cursor)
  }
  lateness.sort((a, b) => a - b)
  console.table([
    {
      reminders: REMINDERS,
      delivered: reminderIds.size,
      duplicates: total - reminderIds.size,
      "marked late": late,
      "lateness p50 ms": percentile(lateness, 50),
      "lateness p99 ms": percentile(lateness, 99),
      "lateness max ms": lateness[lateness.length - 1] ?? NaN
    }
  ])
  if (pid !== undefined) {
    const status = Fs.readFileSync(`/proc/${pid}/status`, "utf8")
    log(`server peak RSS: ${(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024).toFixed(0)} MB`)
  }
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
