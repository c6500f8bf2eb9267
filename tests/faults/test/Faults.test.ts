// Fault tests on the split topology (issue 4, item 6): during a burst of task completions (recurring
// tasks) and reminders falling due, one component is SIGKILLed and restarted; once the system has
// settled, every effect must have happened exactly once. Sizes: FAULT_COMPLETIONS (2000),
// FAULT_REMINDERS (500); run one component with `-t <name>`.
import { generateVapidKeys } from "@tickler/notifications"
import { mailedToken, SmtpCapture } from "@tickler/notifications/testing"
import { stack, startSplit, type Topology } from "@tickler/scenarios"
import { ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Effects, measure, settled } from "../src/Checks.ts"
import { count, retryingPortClash, sigkill } from "../src/Stack.ts"
import { completeAll, createRecurring, createReminders, signUpUsers } from "../src/Workload.ts"

const COMPLETIONS = Number(process.env["FAULT_COMPLETIONS"] ?? 2000)
const REMINDERS = Number(process.env["FAULT_REMINDERS"] ?? 500)
const USERS = 12
/** The fault strikes once this share of the completions is done. */
const KILL_AT = 0.3
/** How long the component stays dead before `pnpm stack up` brings it back: work piles up meanwhile. */
const DOWNTIME_MS = 2_000
/** After the burst and the restart, how long the pipeline may take to catch up. The notification
 * sweep runs once a minute and hands back an attempt cut off by a crash once its two-minute claim
 * lease has run out, so such an email can take up to three minutes. */
const SETTLE_MS = 240_000

const peers = ManagedRuntime.make(SmtpCapture.layer)
let smtp: SmtpCapture["Service"]
let topology: Topology
let env: Record<string, string>

beforeAll(async () => {
  smtp = await peers.runPromise(SmtpCapture.useSync((service) => service))
  const vapid = generateVapidKeys()
  // Kept, so a restarted app gets the same environment as the first start.
  env = {
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(smtp.port),
    SMTP_FROM: "Tickler <reminders@tickler.test>",
    TICKLER_VAPID_PUBLIC_KEY: vapid.publicKey,
    TICKLER_VAPID_PRIVATE_KEY: vapid.privateKey
  }
  topology = await retryingPortClash(() => startSplit({ env }))
})

afterAll(async () => {
  await topology?.stop()
  await peers.dispose()
})

const seconds = (ms: number) => Number((ms / 1000).toFixed(1))

/**
 * One fault: prepare the burst, SIGKILL `victim` when KILL_AT of the completions are done, keep it
 * down DOWNTIME_MS, `pnpm stack up <part>` (which starts only what died), wait for the effects, and
 * check each happened exactly once.
 */
const burstWithFault = async (victim: string, part: string) => {
  const t0 = Date.now()
  const tag = `fault-${victim}-${t0}`
  const users = await signUpUsers(topology.api, USERS, tag, ["inApp", "email"], (email) =>
    smtp.emails.filter((mail) => mail.to.includes(email))
  )
  const createdFrom = Date.now()
  const recurring = await createRecurring(topology.api, users, COMPLETIONS, tag)
  const createMsPerTask = (Date.now() - createdFrom) / COMPLETIONS
  const ids = users.map((user) => user.id)
  // Let the creations drain first, so the reminders are scheduled well before they fall due.
  for (const deadline = Date.now() + 120_000; ;) {
    const effects = await measure(ids)
    if (effects.unpublished === 0 && effects.activity >= effects.taskEvents) break
    if (Date.now() > deadline) throw new Error("the creations did not drain through the pipeline within 2 minutes")
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  // Due from about a second into the burst (creation time estimated from the recurring tasks') and
  // spread over ~1.5× the time creating as many tasks took (completing one costs more than creating
  // it), so some fall due before the kill, some while the victim is down, some after.
  const remindersFrom = Date.now() + REMINDERS * createMsPerTask + 1_000
  const spreadMs = Math.max(10_000, 1.5 * COMPLETIONS * createMsPerTask)
  await createReminders(topology.api, users, REMINDERS, tag, remindersFrom, spreadMs)
  const burstStart = Date.now()
  const setupS = seconds(burstStart - t0)

  let fault: Promise<{ killedAt: number; restartedAt: number }> | undefined
  const startFault = async () => {
    await sigkill(victim)
    const killedAt = Date.now()
    await new Promise((resolve) => setTimeout(resolve, DOWNTIME_MS))
    await retryingPortClash(() => stack(["up", part], env))
    return { killedAt, restartedAt: Date.now() }
  }
  try {
    await completeAll(topology.api, recurring, burstStart + 240_000, (done) => {
      if (fault === undefined && done >= COMPLETIONS * KILL_AT) fault = startFault()
    })
  } finally {
    // even when the burst failed, the victim is back before the next test starts
    await fault?.catch(() => {})
  }
  const burstEnd = Date.now()
  const { killedAt, restartedAt } = await fault!

  const expected = { completions: COMPLETIONS, reminders: REMINDERS }
  const deadline = Date.now() + SETTLE_MS
  let effects: Effects
  for (;;) {
    effects = await measure(ids)
    if (settled(effects, expected) || Date.now() > deadline) break
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  const settledAt = Date.now()
  // The reminders' mails, not the verification links sign-up sent.
  const emails = smtp.emails.filter(
    (mail) => mail.to.some((to) => to.startsWith(`${tag}-`)) && mailedToken(mail, "verify-email") === undefined
  )
  const emailSubjects = new Set(emails.map((mail) => mail.subject))
  const messageIds = new Map<string, Set<string>>()
  for (const mail of emails)
    messageIds.set(mail.messageId, (messageIds.get(mail.messageId) ?? new Set()).add(mail.subject))
  const summary = {
    victim,
    "setup s": setupS,
    "burst s": seconds(burstEnd - burstStart),
    "completions/s": Math.round(COMPLETIONS / ((burstEnd - burstStart) / 1000)),
    "killed at s": seconds(killedAt - burstStart),
    "back after s": seconds(restartedAt - killedAt),
    "settled after burst s": seconds(settledAt - Math.max(burstEnd, restartedAt)),
    "total s": seconds(settledAt - t0),
    "reminders due during outage": await count(
      `select count(*) from reminder_occurrences where user_id in (${ids.map((id) => `'${id}'`).join(",")})
         and fire_at between '${new Date(killedAt).toISOString()}' and '${new Date(restartedAt).toISOString()}'`
    ),
    "reminders marked late": await count(
      `select count(*) from reminder_occurrences where user_id in (${ids.map((id) => `'${id}'`).join(",")}) and late`
    ),
    emails: emails.length,
    "emails cut off and sent again": effects.emailCutOff
  }
  console.log(`[faults] ${victim}: ${JSON.stringify(summary)}\n[faults] ${victim} effects: ${JSON.stringify(effects)}`)

  // every outbox event was published
  expect(effects.unpublished).toBe(0)
  // the activity log holds every task event, once
  expect(effects.activityMissing).toBe(0)
  expect(effects.activity).toBe(effects.taskEvents)
  // each completion yielded exactly one next instance
  expect(effects.completed).toBe(COMPLETIONS)
  expect(effects.withSuccessor).toBe(COMPLETIONS)
  expect(effects.seriesInstances).toBe(2 * COMPLETIONS)
  expect(effects.duplicateInstances).toBe(0)
  // each reminder fired once and was notified once per channel
  expect(effects.occurrences).toBe(REMINDERS)
  expect(effects.fired).toBe(REMINDERS)
  expect(effects.inAppSent).toBe(REMINDERS)
  expect(effects.notifications).toBe(REMINDERS)
  expect(effects.occurrencesWithoutOneNotification).toBe(0)
  expect(effects.emailSent).toBe(REMINDERS)
  expect(effects.emailNotSent).toBe(0)
  expect(emailSubjects.size).toBe(REMINDERS)
  // One message per reminder: one Message-ID each. A copy is sent again only for an attempt a crash cut
  // off between the mail server accepting it and the ledger recording it (an ambiguity no sender can
  // resolve); the copy carries the same Message-ID, so the recipient's mail system keeps one.
  expect(messageIds.size).toBe(REMINDERS)
  expect([...messageIds].filter(([, subjects]) => subjects.size > 1)).toEqual([])
  expect(emails.length).toBeGreaterThanOrEqual(REMINDERS)
  expect(emails.length).toBeLessThanOrEqual(REMINDERS + effects.emailCutOff)
}

// In the brief's priority order: consumer process, its sidecar, the relay (api), Kafka, PostgreSQL, Scheduler.
describe("SIGKILL mid-burst on the split topology: nothing lost, nothing doubled", () => {
  it("recurrence consumer process", () => burstWithFault("recurrence", "recurrence"))
  it("notifications consumer process", () => burstWithFault("notifications", "notifications"))
  it("recurrence sidecar (daprd)", () => burstWithFault("recurrence-daprd", "recurrence"))
  it("notifications sidecar (daprd)", () => burstWithFault("notifications-daprd", "notifications"))
  it("api process (REST + outbox relay)", () => burstWithFault("api", "api"))
  it("Kafka broker", () => burstWithFault("kafka", "kafka"))
  it("PostgreSQL", () => burstWithFault("postgres", "postgres"))
  it("Dapr Scheduler", () => burstWithFault("scheduler", "scheduler"))
})
