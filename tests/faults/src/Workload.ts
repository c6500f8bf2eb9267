// The burst the fault tests (and the pipeline benchmark) put through the split product over HTTP:
// users, recurring tasks to complete, and tasks with a reminder due within the burst window.
import { type CapturedEmail, mailedToken } from "@tickler/notifications/testing"

export interface User {
  readonly id: string
  readonly email: string
  readonly token: string
}

export class HttpError extends Error {
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.status = status
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * One REST call. With `retryUntil`, a refused connection or a 5xx is retried (250 ms apart) until that
 * instant: what a client does while the API or its database is down. Only idempotent calls retry.
 */
export const call = async (
  api: string,
  method: string,
  path: string,
  options: {
    readonly token?: string
    readonly body?: unknown
    readonly retryUntil?: number
  } = {}
): Promise<any> => {
  for (;;) {
    try {
      const response = await fetch(`${api}${path}`, {
        method,
        headers: {
          ...(options.body === undefined ? {} : { "content-type": "application/json" }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {})
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(30_000)
      })
      const text = await response.text()
      if (response.ok) return text ? JSON.parse(text) : undefined
      throw new HttpError(response.status, `${method} ${path}: ${response.status} ${text.slice(0, 300)}`)
    } catch (error) {
      const retriable = !(error instanceof HttpError) || error.status >= 500
      if (!retriable || options.retryUntil === undefined || Date.now() > options.retryUntil) throw error
      await sleep(250)
    }
  }
}

/** Runs `work` for each item with at most `concurrency` in flight. */
export const pool = async <A>(
  items: ReadonlyArray<A>,
  concurrency: number,
  work: (item: A, index: number) => Promise<void>
) => {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++
        await work(items[index]!, index)
      }
    })
  )
}

/**
 * Signs up `count` users on `channels`. Email reminders go only to a verified address: `mailsTo` gives
 * what the SMTP listener holds for an address, whose verification link is followed.
 */
export const signUpUsers = async (
  api: string,
  count: number,
  tag: string,
  channels: ReadonlyArray<string>,
  mailsTo: (email: string) => ReadonlyArray<CapturedEmail>
) => {
  const users: Array<User> = []
  for (let u = 0; u < count; u++) {
    const email = `${tag}-${u}@example.com`
    const session = await call(api, "POST", "/auth/sign-up", {
      body: { email, password: "fault test password", timeZone: "Europe/Berlin" }
    })
    if (channels.includes("email")) {
      const deadline = Date.now() + 10_000
      let token: string | undefined
      while (token === undefined && Date.now() < deadline) {
        token = mailsTo(email).flatMap((mail) => mailedToken(mail, "verify-email") ?? [])[0]
        if (token === undefined) await new Promise((resolve) => setTimeout(resolve, 100))
      }
      if (token === undefined) throw new Error(`no verification mail reached ${email}`)
      await call(api, "POST", "/auth/verify-email", { body: { token } })
    }
    await call(api, "PATCH", "/settings", { token: session.token, body: { channels, quietHours: null } })
    users.push({ id: session.user.id, email, token: session.token })
  }
  return users
}

export interface RecurringTask {
  readonly id: string
  readonly user: User
}

/** Daily recurring tasks (schedule mode, due in 2030): completing one must yield exactly one next instance. */
export const createRecurring = async (api: string, users: ReadonlyArray<User>, count: number, tag: string) => {
  const tasks: Array<RecurringTask> = []
  await pool(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (i) => {
      const user = users[i % users.length]!
      const task = await call(api, "POST", "/tasks", {
        token: user.token,
        body: {
          title: `${tag} recurring ${i}`,
          due: { kind: "datetime", local: "2030-01-01T09:00", zone: "Europe/Berlin" },
          recurrence: { rrule: "FREQ=DAILY", mode: "schedule" }
        }
      })
      tasks.push({ id: task.id, user })
    }
  )
  return tasks
}

/** Open one-off tasks with one absolute reminder each, due evenly spread over [from, from + spreadMs). */
export const createReminders = async (
  api: string,
  users: ReadonlyArray<User>,
  count: number,
  tag: string,
  from: number,
  spreadMs: number
) => {
  await pool(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (i) => {
      const user = users[i % users.length]!
      await call(api, "POST", "/tasks", {
        token: user.token,
        body: {
          title: `${tag} reminder ${i}`,
          reminders: [{ kind: "absolute", at: new Date(from + Math.floor((i * spreadMs) / count)).toISOString() }]
        }
      })
    }
  )
}

/** Completes every task (8 in flight), retrying through outages; `onProgress` sees the running count. */
export const completeAll = async (
  api: string,
  tasks: ReadonlyArray<RecurringTask>,
  retryUntil: number,
  onProgress: (done: number) => void = () => {}
) => {
  let done = 0
  await pool(tasks, 8, async (task) => {
    // Completing an already completed task changes nothing and emits nothing, so a retry of a call
    // whose answer was lost (the API killed mid-request) is harmless.
    await call(api, "POST", `/tasks/${task.id}/complete`, { token: task.user.token, retryUntil })
    done += 1
    onProgress(done)
  })
}
