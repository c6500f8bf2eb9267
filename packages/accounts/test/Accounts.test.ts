import { assert, describe, it } from "@effect/vitest"
import { EmailTaken, InvalidCredentials, InvalidInput } from "@tickler/domain"
import { ConfigProvider, Effect, Fiber, Layer, Option, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import * as Crypto from "node:crypto"
import {
  AccountMailer,
  AccountSessions,
  Accounts,
  Passwords,
  layerAccounts,
  layerAccountsWith,
  layerSessionEndsConsumer,
  runAccountsMigrations
} from "../src/index.ts"
import { EventBus, Outbox, layerMemoryEventBus, runPlatformMigrations } from "@tickler/platform"
import { testDatabases } from "@tickler/platform/testing"

const testLayer = (database: Layer.Layer<SqlClient.SqlClient, unknown>) =>
  layerAccountsWith({
    secret: Redacted.make(Crypto.randomBytes(32).toString("hex")),
    baseURL: "http://127.0.0.1:4100"
  }).pipe(
    // As in the split `realtime` process: ends announced elsewhere arrive as events.
    Layer.tap((context) => Layer.build(layerSessionEndsConsumer.pipe(Layer.provide(Layer.succeedContext(context))))),
    Layer.provideMerge(layerMemoryEventBus),
    Layer.provide(AccountMailer.layerNone),
    Layer.provideMerge(Outbox.layer),
    Layer.provideMerge(
      Layer.effectDiscard(Effect.andThen(runPlatformMigrations, runAccountsMigrations)).pipe(
        Layer.provideMerge(database)
      )
    )
  )

// Each test makes its own users, so tests share one database without seeing each other's rows.
const freshEmail = (name = "ada") => `${name}.${Crypto.randomBytes(5).toString("hex")}@example.com`
const password = "correct horse battery"

const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` })
/** What a browser sends back after receiving these `Set-Cookie` headers. */
const cookieFrom = (setCookie: ReadonlyArray<string>) =>
  new Headers({ cookie: setCookie.map((header) => header.split(";")[0]!).join("; ") })

for (const database of testDatabases())
  describe(`Accounts on ${database.name}`, () => {
    it.layer(testLayer(database.layer), { timeout: 120_000, excludeTestServices: true })((it) => {
      it.effect("sign-up returns a session whose token and cookie both authenticate", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const email = freshEmail()
          const { session, setCookie } = yield* accounts.signUp({ email, password, name: "Ada" })

          assert.strictEqual(session.user.email, email)
          assert.strictEqual(session.user.name, "Ada")
          const days = (session.expiresAt.epochMilliseconds - Date.now()) / 86_400_000
          assert.isTrue(days > 29 && days <= 30, `session lasts ~30 days, got ${days}`)
          assert.isTrue(
            setCookie.some((c) => c.includes("session_token=") && /HttpOnly/i.test(c)),
            setCookie.join("\n")
          )

          const viaBearer = yield* accounts.authenticate(bearer(session.token))
          assert.deepStrictEqual(
            Option.map(viaBearer, (u) => u.id),
            Option.some(session.user.id)
          )
          const viaCookie = yield* accounts.authenticate(cookieFrom(setCookie))
          assert.deepStrictEqual(
            Option.map(viaCookie, (u) => u.id),
            Option.some(session.user.id)
          )
        })
      )

      it.effect("findUser finds a user by id, and nobody for an unknown id", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const email = freshEmail()
          const { session } = yield* accounts.signUp({ email, password, name: "Ada" })
          const found = yield* accounts.findUser(session.user.id)
          assert.deepStrictEqual(
            Option.map(found, (user) => [user.id, user.email, user.name]),
            Option.some([session.user.id, email, "Ada"])
          )
          assert.isTrue(Option.isNone(yield* accounts.findUser("no-such-user")))
        })
      )

      it.effect("sign-up without a name uses the email's local part", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const email = freshEmail("grace")
          const { session } = yield* accounts.signUp({ email, password })
          assert.strictEqual(session.user.name, email.split("@")[0])
        })
      )

      it.effect("a common password, in any letter case, is refused naming password; nothing is created", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const sql = yield* SqlClient.SqlClient
          const email = freshEmail()
          for (const common of ["password", "12345678", "Sunshine", "QWERTYUIOP", "iloveyou"]) {
            const error = yield* Effect.flip(accounts.signUp({ email, password: common }))
            assert.instanceOf(error, InvalidInput)
            assert.strictEqual(error.field, "password")
            assert.include(error.message, "most common")
          }
          const rows = yield* sql<{ n: number }>`select count(*)::int as n from "user" where "email" = ${email}`
          assert.strictEqual(rows[0]!.n, 0)
          // A password that is not on the list is fine.
          yield* accounts.signUp({ email, password: "sunshine over the fjord" })
        })
      )

      it.effect("a taken email, in any letter case, fails with EmailTaken", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const email = freshEmail()
          yield* accounts.signUp({ email, password })
          for (const again of [email, email.toUpperCase()]) {
            const error = yield* Effect.flip(accounts.signUp({ email: again, password: "another password" }))
            assert.instanceOf(error, EmailTaken)
          }
          // The original password still works: the duplicate attempts changed nothing.
          yield* accounts.signIn({ email: email.toUpperCase(), password })
        })
      )

      it.effect("concurrent sign-ups with one email: exactly one account", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const sql = yield* SqlClient.SqlClient
          const email = freshEmail()
          const results = yield* Effect.forEach(
            [email, email.toUpperCase(), email],
            (e) => Effect.result(accounts.signUp({ email: e, password })),
            { concurrency: "unbounded" }
          )
          assert.strictEqual(results.filter((r) => r._tag === "Success").length, 1)
          for (const r of results) if (r._tag === "Failure") assert.instanceOf(r.failure, EmailTaken)
          const rows = yield* sql<{
            n: number
          }>`select count(*)::int as n from "user" where lower(email) = ${email}`
          assert.strictEqual(rows[0]!.n, 1)
        })
      )

      it.effect("sign-in with the right password issues a new working session; wrong ones fail", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const email = freshEmail()
          const signedUp = yield* accounts.signUp({ email, password })

          const wrong = yield* Effect.flip(accounts.signIn({ email, password: "not the password" }))
          assert.instanceOf(wrong, InvalidCredentials)
          const unknown = yield* Effect.flip(accounts.signIn({ email: freshEmail("nobody"), password }))
          assert.instanceOf(unknown, InvalidCredentials)

          const { session, setCookie } = yield* accounts.signIn({ email, password })
          assert.notStrictEqual(session.token, signedUp.session.token)
          assert.strictEqual(session.user.id, signedUp.session.user.id)
          assert.isTrue(setCookie.some((c) => c.includes("session_token=")))
          const user = yield* accounts.authenticate(bearer(session.token))
          assert.deepStrictEqual(
            Option.map(user, (u) => u.id),
            Option.some(session.user.id)
          )
        })
      )

      it.effect("sign-out ends the session and clears the cookie; other sessions live on", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const email = freshEmail()
          const first = yield* accounts.signUp({ email, password })
          const second = yield* accounts.signIn({ email, password })

          const cleared = yield* accounts.signOut(bearer(first.session.token))
          assert.isTrue(
            cleared.some((c) => c.includes("session_token=") && /Max-Age=0/i.test(c)),
            cleared.join("\n")
          )
          assert.isTrue(Option.isNone(yield* accounts.authenticate(bearer(first.session.token))))
          assert.isTrue(Option.isNone(yield* accounts.authenticate(cookieFrom(first.setCookie))))
          assert.isTrue(Option.isSome(yield* accounts.authenticate(bearer(second.session.token))))

          // A browser signs out with its cookie.
          yield* accounts.signOut(cookieFrom(second.setCookie))
          assert.isTrue(Option.isNone(yield* accounts.authenticate(bearer(second.session.token))))

          // Signing out again, or without any credential, is harmless.
          yield* accounts.signOut(bearer(first.session.token))
          yield* accounts.signOut(new Headers())
        })
      )

      it.effect("sessionEnded: at once on a sign-out here; at the next look when the session ends elsewhere", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const sql = yield* SqlClient.SqlClient
          const email = freshEmail()
          const first = yield* accounts.signUp({ email, password })
          const second = yield* accounts.signIn({ email, password })
          const other = yield* accounts.signIn({ email, password })

          const waiting = yield* Effect.forkChild(accounts.sessionEnded(bearer(first.session.token), "1 hour"))
          const bystander = yield* Effect.forkChild(accounts.sessionEnded(bearer(other.session.token), "1 hour"))
          yield* Effect.sleep("50 millis")
          yield* accounts.signOut(bearer(first.session.token))
          yield* Fiber.join(waiting).pipe(Effect.timeout("1 second"))
          // A sign-out of one session leaves the streams of the user's others running.
          assert.isUndefined(bystander.pollUnsafe())

          // Ended by another process (its row gone) or by expiry: seen at the next look, `within` later.
          const elsewhere = yield* Effect.forkChild(accounts.sessionEnded(bearer(second.session.token), "100 millis"))
          yield* sql`update "session" set "expiresAt" = now() - interval '1 minute' where "token" = ${second.session.token}`
          yield* Fiber.join(elsewhere).pipe(Effect.timeout("1 second"))
          yield* Fiber.interrupt(bystander)
        })
      )

      it.effect("ending sessions wakes the streams of exactly those sessions, at once", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const sessions = yield* AccountSessions
          const passwords = yield* Passwords
          const sql = yield* SqlClient.SqlClient
          const email = freshEmail()
          const [a, b, c, d] = [
            yield* accounts.signUp({ email, password }),
            yield* accounts.signIn({ email, password }),
            yield* accounts.signIn({ email, password }),
            yield* accounts.signIn({ email, password })
          ]
          const waiting = (token: string) => Effect.forkChild(accounts.sessionEnded(bearer(token), "1 hour"))
          const [aStream, bStream, cStream, dStream] = yield* Effect.all([
            waiting(a.session.token),
            waiting(b.session.token),
            waiting(c.session.token),
            waiting(d.session.token)
          ])
          yield* Effect.sleep("50 millis")

          const idOf = (token: string) =>
            Effect.map(sql<{ id: string }>`select "id" from "session" where "token" = ${token}`, (rows) => rows[0]!.id)
          const listed = yield* sessions.list(bearer(a.session.token))
          assert.deepStrictEqual(
            listed.filter((session) => session.current).map((session) => session.id),
            [yield* idOf(a.session.token)]
          )
          yield* sessions.end(bearer(a.session.token), yield* idOf(b.session.token))
          yield* Fiber.join(bStream).pipe(Effect.timeout("1 second"))
          // Only that session's stream ended.
          yield* Effect.sleep("50 millis")
          assert.deepStrictEqual(
            [aStream, cStream, dStream].map((fiber) => fiber.pollUnsafe()),
            [undefined, undefined, undefined]
          )

          yield* sessions.endOthers(bearer(a.session.token))
          yield* Effect.all([cStream, dStream].map((fiber) => Fiber.join(fiber))).pipe(Effect.timeout("1 second"))
          assert.isUndefined(aStream.pollUnsafe())

          // A password change ends every session, the caller's too (it gets a new one), and their streams.
          const changed = yield* passwords.change(bearer(a.session.token), {
            currentPassword: password,
            newPassword: "a brand new secret"
          })
          yield* Fiber.join(aStream).pipe(Effect.timeout("1 second"))
          assert.isTrue(Option.isSome(yield* accounts.authenticate(bearer(changed.session.token))))
          assert.isTrue(Option.isNone(yield* accounts.authenticate(bearer(a.session.token))))
        })
      )

      it.effect("an end announced by another process (its event) wakes the stream here at once", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const bus = yield* EventBus
          const sql = yield* SqlClient.SqlClient
          const email = freshEmail()
          const first = yield* accounts.signUp({ email, password })
          const second = yield* accounts.signIn({ email, password })
          const firstStream = yield* Effect.forkChild(accounts.sessionEnded(bearer(first.session.token), "1 hour"))
          const secondStream = yield* Effect.forkChild(accounts.sessionEnded(bearer(second.session.token), "1 hour"))
          yield* Effect.sleep("50 millis")

          // Another process deleted the session and published its end.
          const [row] = yield* sql<{ id: string; userId: string }>`
            delete from "session" where "token" = ${first.session.token} returning "id", "userId"`
          yield* bus.publish("task-updates", row!.userId, {
            event_id: Crypto.randomUUID(),
            event_type: "account.sessions_ended",
            user_id: row!.userId,
            timestamp: new Date().toISOString(),
            schema_version: 1,
            correlation_id: Crypto.randomUUID(),
            payload: { session_ids: [row!.id] }
          })
          yield* Fiber.join(firstStream).pipe(Effect.timeout("1 second"))
          yield* Effect.sleep("50 millis")
          assert.isUndefined(secondStream.pollUnsafe())
          yield* Fiber.interrupt(secondStream)
        })
      )

      it.effect("garbage, missing and expired credentials authenticate as nobody", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const sql = yield* SqlClient.SqlClient
          for (const headers of [
            new Headers(),
            bearer("garbage"),
            bearer(""),
            new Headers({ authorization: "Basic dXNlcjpwYXNz" }),
            new Headers({ cookie: "better-auth.session_token=forged.signature" })
          ])
            assert.isTrue(Option.isNone(yield* accounts.authenticate(headers)))

          const { session, setCookie } = yield* accounts.signUp({ email: freshEmail(), password })
          yield* sql`update "session" set "expiresAt" = now() - interval '1 minute' where "token" = ${session.token}`
          assert.isTrue(Option.isNone(yield* accounts.authenticate(bearer(session.token))))
          assert.isTrue(Option.isNone(yield* accounts.authenticate(cookieFrom(setCookie))))
        })
      )

      it.effect(
        "once its cache entry lapses, a session ended by another process is refused and a live one shows its user as stored now",
        () =>
          Effect.gen(function* () {
            const accounts = yield* Accounts
            const sql = yield* SqlClient.SqlClient
            const ended = yield* accounts.signUp({ email: freshEmail(), password })
            const live = yield* accounts.signUp({ email: freshEmail(), password })
            assert.isTrue(Option.isSome(yield* accounts.authenticate(bearer(ended.session.token))))
            const before = yield* accounts.authenticate(cookieFrom(live.setCookie))
            assert.deepStrictEqual(
              Option.map(before, (user) => user.emailVerified),
              Option.some(false)
            )
            // Another process ends one session and verifies the other user's address: no signal comes here.
            yield* sql`delete from "session" where "token" = ${ended.session.token}`
            yield* sql`update "user" set "emailVerified" = true where "id" = ${live.session.user.id}`
            yield* Effect.sleep("10100 millis")
            assert.isTrue(Option.isNone(yield* accounts.authenticate(bearer(ended.session.token))))
            assert.deepStrictEqual(
              Option.map(yield* accounts.authenticate(cookieFrom(live.setCookie)), (user) => user.emailVerified),
              Option.some(true)
            )
          }),
        { timeout: 30_000 }
      )

      it.effect("a session in use is extended to 30 days from now once a day has passed", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const sql = yield* SqlClient.SqlClient
          const { session } = yield* accounts.signUp({ email: freshEmail(), password })
          // As if issued two days ago.
          yield* sql`update "session" set "expiresAt" = now() + interval '28 days' where "token" = ${session.token}`
          assert.isTrue(Option.isSome(yield* accounts.authenticate(bearer(session.token))))
          const rows = yield* sql<{ days: number }>`
          select extract(epoch from ("expiresAt" - now())) / 86400 as days from "session" where "token" = ${session.token}`
          const days = Number(rows[0]!.days)
          assert.isTrue(days > 29.9 && days <= 30, `extended to ~30 days, got ${days}`)
        })
      )

      it.effect("two users' tokens authenticate as two different users", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const [ada, bob] = yield* Effect.all(
            [
              accounts.signUp({ email: freshEmail("ada"), password }),
              accounts.signUp({ email: freshEmail("bob"), password })
            ],
            { concurrency: "unbounded" }
          )
          const asAda = Option.getOrThrow(yield* accounts.authenticate(bearer(ada.session.token)))
          const asBob = Option.getOrThrow(yield* accounts.authenticate(bearer(bob.session.token)))
          assert.strictEqual(asAda.email, ada.session.user.email)
          assert.strictEqual(asBob.email, bob.session.user.email)
          assert.notStrictEqual(asAda.id, asBob.id)
        })
      )

      it.effect("a sign-up that fails midway leaves nothing behind (real transaction)", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const sql = yield* SqlClient.SqlClient
          // Fails the credential-account insert of sign-ups whose email starts with "rollback.",
          // after Better Auth has already inserted the user row in the same transaction.
          yield* sql`
          create or replace function accounts_test_fail_account() returns trigger language plpgsql as $$
          begin
            if exists (select 1 from "user" where "id" = new."userId" and "email" like 'rollback.%') then
              raise exception 'injected failure';
            end if;
            return new;
          end $$`
          yield* sql`drop trigger if exists accounts_test_fail_account on "account"`
          yield* sql`create trigger accounts_test_fail_account before insert on "account" for each row execute function accounts_test_fail_account()`

          const email = freshEmail("rollback")
          const exit = yield* Effect.exit(accounts.signUp({ email, password }))
          assert.isTrue(exit._tag === "Failure")
          const rows = yield* sql<{ n: number }>`select count(*)::int as n from "user" where "email" = ${email}`
          assert.strictEqual(rows[0]!.n, 0, "the user row was rolled back")

          // The connection went back to the pool in a clean state: everything still works.
          const { session } = yield* accounts.signUp({ email: freshEmail(), password })
          assert.isTrue(Option.isSome(yield* accounts.authenticate(bearer(session.token))))
        })
      )

      it.effect("concurrent sign-ups, sign-ins and lookups do not block each other for good", () =>
        Effect.gen(function* () {
          const accounts = yield* Accounts
          const emails = Array.from({ length: 6 }, () => freshEmail("load"))
          const sessions = yield* Effect.forEach(emails, (email) => accounts.signUp({ email, password }), {
            concurrency: "unbounded"
          })
          const checks = yield* Effect.forEach(
            sessions.flatMap(({ session }) => [
              accounts.authenticate(bearer(session.token)).pipe(Effect.map(Option.isSome)),
              accounts.signIn({ email: session.user.email, password }).pipe(Effect.as(true))
            ]),
            (check) => check,
            { concurrency: "unbounded" }
          )
          assert.isTrue(checks.every(Boolean))
        }).pipe(Effect.timeout("60 seconds"))
      )

      it.effect("migrations are idempotent", () =>
        Effect.gen(function* () {
          const applied = yield* runAccountsMigrations
          assert.deepStrictEqual(applied, [])
        })
      )
    })
  })

describe("layerAccounts", () => {
  it.effect(
    "reads its secret and URL from config, and needs the secret",
    () =>
      Effect.gen(function* () {
        const missing = yield* Effect.flip(
          Layer.build(layerAccounts).pipe(
            Effect.provide(
              Layer.mergeAll(
                Outbox.layer.pipe(Layer.provideMerge(testDatabases()[0]!.layer)),
                AccountMailer.layerNone,
                ConfigProvider.layer(ConfigProvider.fromUnknown({}))
              )
            ),
            Effect.scoped
          )
        )
        assert.include(String(missing), "TICKLER_AUTH_SECRET")
      }),
    60_000
  )
})
