import { MAILS_PER_HOUR } from "@tickler/accounts"
import { type CapturedEmail, mailedToken, SmtpCapture } from "@tickler/notifications/testing"
import { testDatabases } from "@tickler/platform/testing"
import { Effect, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeTestApp, type TestApp } from "./TestApp.ts"

const freshEmail = (name = "ada") => `${name}.${Math.random().toString(36).slice(2)}@example.com`
const password = "correct horse battery"

/** Waits up to `ms` for `check` to hold (consumers work after the request answered). */
const eventually = async <A>(what: string, check: () => Promise<A | undefined>, ms = 10_000): Promise<A> => {
  const until = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe.each(testDatabases())("account API on $name", (database) => {
  const smtpRuntime = ManagedRuntime.make(SmtpCapture.layer)
  let smtp: SmtpCapture["Service"]
  let app: TestApp

  beforeAll(async () => {
    smtp = await smtpRuntime.runPromise(
      Effect.gen(function* () {
        return yield* SmtpCapture
      })
    )
    app = makeTestApp(database, { smtpPort: smtp.port, consumers: true })
  })
  afterAll(async () => {
    await app?.dispose()
    await smtpRuntime.dispose()
  })

  const mailsTo = (email: string) => smtp.emails.filter((mail) => mail.to.includes(email))
  /** The token of the newest link to `page` mailed to `email`. */
  const tokenMailed = (email: string, page: "verify-email" | "reset-password", count = 1) =>
    eventually(`${count} ${page} mail(s) to ${email}`, async () => {
      const tokens = mailsTo(email).flatMap((mail: CapturedEmail) => mailedToken(mail, page) ?? [])
      return tokens.length < count ? undefined : tokens.at(-1)
    })

  const signUp = async (email: string, headers: Record<string, string> = {}) => {
    const response = await app.call("POST", "/auth/sign-up", { body: { email, password }, headers })
    expect(response.status, JSON.stringify(response.body)).toBe(201)
    return response.body.token as string
  }
  const signIn = async (email: string, secret = password, headers: Record<string, string> = {}) =>
    app.call("POST", "/auth/sign-in", { body: { email, password: secret }, headers })
  const me = async (token: string) => (await app.call("GET", "/auth/me", { token })).status

  it("every account route is in the OpenAPI document", async () => {
    const paths = (await app.call("GET", "/openapi.json")).body.paths as Record<string, Record<string, unknown>>
    const routes = Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`)
    )
    expect(routes).toEqual(
      expect.arrayContaining([
        "POST /api/auth/verify-email",
        "POST /api/auth/password-reset",
        "POST /api/auth/password-reset/confirm",
        "GET /api/account",
        "DELETE /api/account",
        "GET /api/account/export",
        "POST /api/account/verification",
        "POST /api/account/password",
        "GET /api/account/sessions",
        "DELETE /api/account/sessions/{id}",
        "POST /api/account/sessions/end-others"
      ])
    )
  })

  it("sign-up refuses a common password with a 422 naming password, and says why", async () => {
    const response = await app.call("POST", "/auth/sign-up", { body: { email: freshEmail(), password: "Password" } })
    expect(response.status).toBe(422)
    expect(response.body).toMatchObject({
      field: "password",
      detail: "this password is among the most common ones; choose another"
    })
    const short = await app.call("POST", "/auth/sign-up", { body: { email: freshEmail(), password: "short" } })
    expect(short.status).toBe(400)
    expect(JSON.stringify(short.body)).toContain("a password is 8–128 characters")
  })

  it("sign-up mails a verification link that works once; until then email notifications are refused", async () => {
    const email = freshEmail()
    const token = await signUp(email)
    expect((await app.call("GET", "/account", { token })).body).toMatchObject({
      email,
      emailVerified: false,
      mailDelivery: "email"
    })
    const refused = await app.call("PATCH", "/settings", { token, body: { channels: ["inApp", "email"] } })
    expect(refused.status).toBe(422)
    expect(refused.body).toMatchObject({ field: "channels" })
    expect(refused.body.detail).toContain("verify your email address first")

    const link = await tokenMailed(email, "verify-email")
    const verified = await app.call("POST", "/auth/verify-email", { body: { token: link } })
    expect(verified.status, JSON.stringify(verified.body)).toBe(200)
    expect(verified.body).toMatchObject({ email, emailVerified: true })
    const again = await app.call("POST", "/auth/verify-email", { body: { token: link } })
    expect(again.status).toBe(422)
    expect(again.body).toMatchObject({ field: "token" })
    expect((await app.call("POST", "/auth/verify-email", { body: { token: "forged" } })).status).toBe(422)

    expect((await app.call("GET", "/account", { token })).body.emailVerified).toBe(true)
    const allowed = await app.call("PATCH", "/settings", { token, body: { channels: ["inApp", "email"] } })
    expect(allowed.status).toBe(200)
    expect((await app.call("POST", "/account/verification", { token })).status).toBe(409)
  })

  it(`at most ${MAILS_PER_HOUR} account mails an hour per user`, async () => {
    const email = freshEmail()
    const token = await signUp(email)
    for (let sent = 1; sent < MAILS_PER_HOUR; sent++) {
      const resent = await app.call("POST", "/account/verification", { token })
      expect(resent.status).toBe(202)
      expect(resent.body).toEqual({ delivery: "email" })
    }
    const capped = await app.call("POST", "/account/verification", { token })
    expect(capped.status).toBe(429)
    expect(capped.body.retryAfterSeconds).toBeGreaterThan(3500)
    // Reset requests count too, and answer as always; no mail goes out.
    const reset = await app.call("POST", "/auth/password-reset", { body: { email } })
    expect(reset.status).toBe(202)
    expect(mailsTo(email)).toHaveLength(MAILS_PER_HOUR)
  })

  it("password reset: the same answer for any address; a link works once; the old password and every session end", async () => {
    const email = freshEmail()
    const first = await signUp(email)
    const second = (await signIn(email)).body.token as string

    const unknown = await app.call("POST", "/auth/password-reset", { body: { email: freshEmail("nobody") } })
    const known = await app.call("POST", "/auth/password-reset", { body: { email } })
    expect(unknown.status).toBe(202)
    expect(known.status).toBe(202)
    expect(known.body).toEqual(unknown.body)

    const link = await tokenMailed(email, "reset-password")
    const common = await app.call("POST", "/auth/password-reset/confirm", {
      body: { token: link, newPassword: "iloveyou" }
    })
    expect(common.status).toBe(422)
    expect(common.body).toMatchObject({ field: "newPassword" })

    const newPassword = "a brand new secret"
    const reset = await app.call("POST", "/auth/password-reset/confirm", { body: { token: link, newPassword } })
    expect(reset.status, JSON.stringify(reset.body)).toBe(204)
    const reused = await app.call("POST", "/auth/password-reset/confirm", {
      body: { token: link, newPassword: "yet another secret" }
    })
    expect(reused.status).toBe(422)
    expect(reused.body).toMatchObject({ field: "token" })

    expect(await me(first)).toBe(401)
    expect(await me(second)).toBe(401)
    expect((await signIn(email)).status).toBe(401)
    expect((await signIn(email, newPassword)).status).toBe(200)
  })

  it("password change: needs the current password; every other session gets 401; this one is replaced", async () => {
    const email = freshEmail()
    const token = await signUp(email)
    const other = (await signIn(email)).body.token as string

    const wrong = await app.call("POST", "/account/password", {
      token,
      body: { currentPassword: "not my password", newPassword: "a brand new secret" }
    })
    expect(wrong.status).toBe(422)
    expect(wrong.body).toMatchObject({ field: "currentPassword" })
    const common = await app.call("POST", "/account/password", {
      token,
      body: { currentPassword: password, newPassword: "12345678" }
    })
    expect(common.status).toBe(422)
    expect(common.body).toMatchObject({ field: "newPassword" })
    expect(await me(other)).toBe(200)

    const changed = await app.call("POST", "/account/password", {
      token,
      body: { currentPassword: password, newPassword: "a brand new secret" }
    })
    expect(changed.status, JSON.stringify(changed.body)).toBe(200)
    expect(changed.headers.getSetCookie().some((cookie) => cookie.includes("session_token="))).toBe(true)
    expect(await me(other)).toBe(401)
    expect(await me(token)).toBe(401)
    expect(await me(changed.body.token)).toBe(200)
    expect((await signIn(email)).status).toBe(401)
    expect((await signIn(email, "a brand new secret")).status).toBe(200)
  })

  it("sessions: listed with device and current flag, no tokens; end one; end all the others", async () => {
    const email = freshEmail()
    const laptop = await signUp(email, { "user-agent": "Laptop browser" })
    const phone = (await signIn(email, password, { "user-agent": "Phone app" })).body.token as string
    const tablet = (await signIn(email, password, { "user-agent": "Tablet" })).body.token as string

    const listed = await app.call("GET", "/account/sessions", { token: laptop })
    expect(listed.status).toBe(200)
    const sessions = listed.body as Array<{ id: string; userAgent: string; current: boolean; lastSeenAt: string }>
    expect(sessions.map((session) => session.userAgent).sort()).toEqual(["Laptop browser", "Phone app", "Tablet"])
    expect(sessions.filter((session) => session.current).map((session) => session.userAgent)).toEqual([
      "Laptop browser"
    ])
    for (const secret of [laptop, phone, tablet]) expect(JSON.stringify(listed.body)).not.toContain(secret)

    const phoneId = sessions.find((session) => session.userAgent === "Phone app")!.id
    // Another user cannot end it: it is not theirs.
    const stranger = await signUp(freshEmail("eve"))
    expect((await app.call("DELETE", `/account/sessions/${phoneId}`, { token: stranger })).status).toBe(404)
    expect(await me(phone)).toBe(200)

    expect((await app.call("DELETE", `/account/sessions/${phoneId}`, { token: laptop })).status).toBe(204)
    expect(await me(phone)).toBe(401)
    expect((await app.call("DELETE", `/account/sessions/${phoneId}`, { token: laptop })).status).toBe(404)

    const others = await app.call("POST", "/account/sessions/end-others", { token: laptop })
    expect(others.body).toEqual({ ended: 1 })
    expect(await me(tablet)).toBe(401)
    expect(await me(laptop)).toBe(200)
    expect(await me(stranger)).toBe(200)
  })

  it("export: the user's tasks, tags, views, settings and activity, and nothing of another user's", async () => {
    const token = await signUp(freshEmail())
    const other = await signUp(freshEmail("bob"))
    await app.call("POST", "/tasks", { token, body: { title: "Mine", tags: ["home"] } })
    await app.call("POST", "/tasks", { token: other, body: { title: "Bob's secret", tags: ["bobtag"] } })
    await app.call("POST", "/views", { token, body: { name: "Home", query: "#home" } })
    await app.call("PATCH", "/settings", { token, body: { timeZone: "Europe/Berlin" } })
    await eventually("the activity of the task", async () => {
      const activity = await app.call("GET", "/activity", { token })
      return activity.body.items.length > 0 ? true : undefined
    })

    const exported = await app.call("GET", "/account/export", { token })
    expect(exported.status).toBe(200)
    expect(exported.headers.get("content-disposition")).toMatch(
      /^attachment; filename="tickler-export-\d{4}-\d{2}-\d{2}\.json"$/
    )
    expect(exported.body.tasks.map((task: { title: string }) => task.title)).toEqual(["Mine"])
    expect(exported.body.tags.map((tag: { name: string }) => tag.name)).toEqual(["home"])
    expect(exported.body.views.map((view: { name: string }) => view.name)).toEqual(["Home"])
    expect(exported.body.settings.timeZone).toBe("Europe/Berlin")
    expect(exported.body.activity.map((entry: { taskTitle: string }) => entry.taskTitle)).toEqual(["Mine"])
    expect(JSON.stringify(exported.body)).not.toContain("Bob")
    expect(JSON.stringify(exported.body)).not.toContain("bobtag")
  })

  it("delete my account: needs the password; every row of every module goes; the email can sign up again", async () => {
    const email = freshEmail()
    const token = await signUp(email)
    const bystander = await signUp(freshEmail("bob"))
    const inASecond = new Date(Date.now() + 1_500).toISOString()
    const created = await app.call("POST", "/tasks", {
      token,
      body: {
        title: "Water the plants",
        tags: ["home"],
        due: { kind: "date", date: "2099-01-01" },
        recurrence: { rrule: "FREQ=WEEKLY", mode: "schedule" },
        reminders: [
          { kind: "absolute", at: inASecond },
          { kind: "absolute", at: "2099-01-01T08:00:00Z" }
        ]
      }
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    await app.call("POST", "/tasks", { token: bystander, body: { title: "Bob's task" } })
    await app.call("POST", "/views", { token, body: { name: "Home", query: "#home" } })
    await app.call("POST", "/push/subscriptions", {
      token,
      body: {
        endpoint: "https://push.example.com/send/abc",
        keys: { p256dh: `B${"A".repeat(86)}`, auth: "A".repeat(22) }
      }
    })
    const userId = (await app.call("GET", "/auth/me", { token })).body.id as string
    // The first reminder fires: an in-app notification exists, and the live feed recorded events.
    await eventually("the in-app notification", async () => {
      const notifications = await app.call("GET", "/notifications", { token })
      return notifications.body.items.length > 0 ? true : undefined
    })

    const tables = [
      ["user", `"id"`],
      ["session", `"userId"`],
      ["account", `"userId"`],
      ["verification", `"value"`],
      ["account_mails", "user_id"],
      ["tasks", "user_id"],
      ["tags", "user_id"],
      ["views", "user_id"],
      ["user_settings", "user_id"],
      ["activity", "user_id"],
      ["reminder_occurrences", "user_id"],
      ["notifications", "user_id"],
      ["notification_deliveries", "user_id"],
      ["push_subscriptions", "user_id"],
      ["realtime_events", "user_id"]
    ] as const
    const rowsOf = (id: string) =>
      app.query((sql) =>
        Effect.forEach(tables, ([table, column]) =>
          sql<{ n: number }>`select count(*)::int as n from ${sql(table)} where ${sql.literal(column)} = ${id}`.pipe(
            Effect.map((rows) => [table, rows[0]!.n] as const)
          )
        )
      )
    const before = Object.fromEntries(await rowsOf(userId))
    for (const table of ["user", "session", "tasks", "tags", "views", "activity", "reminder_occurrences"])
      expect(before[table], table).toBeGreaterThan(0)
    expect(before["notifications"]).toBe(1)
    expect(before["push_subscriptions"]).toBe(1)
    expect(before["realtime_events"]).toBeGreaterThan(0)

    const wrong = await app.call("DELETE", "/account", { token, body: { password: "not my password" } })
    expect(wrong.status).toBe(422)
    expect(wrong.body).toMatchObject({ field: "password" })
    expect(await me(token)).toBe(200)

    const deleted = await app.call("DELETE", "/account", { token, body: { password } })
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204)
    expect(deleted.headers.getSetCookie().some((cookie) => /session_token=;|Max-Age=0/i.test(cookie))).toBe(true)
    expect(await me(token)).toBe(401)

    // The consumers erase theirs when `account.deleted` reaches them.
    const after = await eventually("every row of the user to go", async () => {
      const counts = await rowsOf(userId)
      return counts.every(([, n]) => n === 0) ? counts : undefined
    })
    expect(after.filter(([, n]) => n > 0)).toEqual([])
    // Of their events only `account.deleted` stays in the outbox (one per topic): no task snapshot.
    const outbox = await app.query(
      (sql) => sql<{ type: string }>`
        select envelope->>'event_type' as type from outbox where partition_key = ${userId} order by id`
    )
    expect(outbox.map((row) => row.type)).toEqual(["account.deleted", "account.deleted", "account.deleted"])
    const pendingJobs = await app.query(
      (sql) =>
        sql<{ name: string }>`select name from scheduled_jobs where name like 'reminder:%' or name like 'notify:%'`
    )
    expect(pendingJobs).toEqual([])
    // Nothing of the bystander's went.
    expect((await app.call("GET", "/tasks", { token: bystander })).body.items).toHaveLength(1)

    const again = await signUp(email)
    expect((await app.call("GET", "/tasks", { token: again })).body.items).toEqual([])
    expect((await app.call("GET", "/views", { token: again })).body).toEqual([])
  })
})
