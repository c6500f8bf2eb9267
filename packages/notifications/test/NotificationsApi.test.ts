import { Outbox } from "@tickler/platform"
import { type TestDatabase, testDatabases } from "@tickler/platform/testing"
import { ConfigProvider, type Context, Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql"
import * as Crypto from "node:crypto"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { makeTestApp, type TestApp } from "../../server/test/TestApp.ts"
import {
  HostLookup,
  Notifications,
  PushSubscriptions,
  generateVapidKeys,
  runNotificationsMigrations
} from "../src/index.ts"

const vapid = generateVapidKeys()

/** A browser-like subscription: a real P-256 public key and a 16-byte auth secret. */
const subscription = (endpoint = `https://push.example.net/send/${Crypto.randomUUID()}`) => {
  const ecdh = Crypto.createECDH("prime256v1")
  return {
    endpoint,
    expirationTime: null,
    keys: { p256dh: ecdh.generateKeys().toString("base64url"), auth: Crypto.randomBytes(16).toString("base64url") }
  }
}

for (const database of testDatabases())
  describe(`notifications API on ${database.name}`, () => {
    // The app's own database (with this module's tables), also reachable from the test to seed and inspect.
    let services: Context.Context<SqlClient.SqlClient> | undefined
    const withNotifications: TestDatabase = {
      name: database.name,
      layer: Layer.mergeAll(
        Layer.effectDiscard(runNotificationsMigrations).pipe(Layer.provideMerge(database.layer)),
        ConfigProvider.layerAdd(ConfigProvider.fromUnknown({ TICKLER_VAPID_PUBLIC_KEY: vapid.publicKey })),
        // A name that resolves to the cloud metadata address, as an attacker's DNS would answer it.
        Layer.succeed(HostLookup, (host) =>
          host === "metadata.example.test"
            ? Effect.succeed([{ address: "169.254.169.254", family: 4 as const }])
            : HostLookup.defaultValue()(host)
        )
      ).pipe(
        Layer.tap((context) =>
          Effect.sync(() => {
            services = context
          })
        )
      )
    }
    let app: TestApp
    beforeAll(() => {
      app = makeTestApp(withNotifications)
    })
    afterAll(() => app.dispose())

    const run = <A, E>(effect: Effect.Effect<A, E, Notifications | PushSubscriptions>) =>
      Effect.runPromise(
        effect.pipe(
          Effect.provide(
            Layer.mergeAll(Notifications.layer, PushSubscriptions.layer).pipe(Layer.provide(Outbox.layer))
          ),
          Effect.provide(services!)
        )
      )

    const signUp = async () => {
      const token = await app.signUp()
      const me = await app.call("GET", "/auth/me", { token })
      return { token, id: me.body.id as string }
    }

    const notify = (userId: string, title: string) =>
      run(
        Notifications.use((notifications) =>
          notifications.create({
            userId,
            taskId: Crypto.randomUUID(),
            reminderId: Crypto.randomUUID(),
            fireAt: new Date(),
            title,
            body: "Due soon.",
            late: false,
            correlationId: Crypto.randomUUID()
          })
        )
      )

    it("every user sees, reads and pages only their own notifications", async () => {
      const ada = await signUp()
      const bob = await signUp()
      for (const title of ["a1", "a2", "a3"]) await notify(ada.id, title)
      const bobs = await notify(bob.id, "b1")

      const adaList = await app.call("GET", "/notifications", { token: ada.token })
      assert.strictEqual(adaList.status, 200)
      assert.deepStrictEqual(
        adaList.body.items.map((n: any) => n.title),
        ["a3", "a2", "a1"]
      )
      assert.strictEqual(adaList.body.unreadCount, 3)
      const bobList = await app.call("GET", "/notifications", { token: bob.token })
      assert.deepStrictEqual(
        bobList.body.items.map((n: any) => n.title),
        ["b1"]
      )

      // Pages by cursor.
      const page1 = await app.call("GET", "/notifications?limit=2", { token: ada.token })
      assert.strictEqual(page1.body.items.length, 2)
      const page2 = await app.call("GET", `/notifications?limit=2&cursor=${page1.body.nextCursor}`, {
        token: ada.token
      })
      assert.deepStrictEqual(
        page2.body.items.map((n: any) => n.title),
        ["a1"]
      )
      assert.strictEqual(page2.body.nextCursor, null)

      // Ada cannot read Bob's notification, nor does it exist for her.
      const foreign = await app.call("POST", `/notifications/${bobs.id}/read`, { token: ada.token })
      assert.strictEqual(foreign.status, 404)
      assert.strictEqual((await app.call("GET", "/notifications", { token: bob.token })).body.unreadCount, 1)

      const a3 = adaList.body.items[0]
      const read = await app.call("POST", `/notifications/${a3.id}/read`, { token: ada.token })
      assert.strictEqual(read.status, 200)
      assert.isString(read.body.readAt)
      const unread = await app.call("GET", "/notifications?unreadOnly=true", { token: ada.token })
      assert.deepStrictEqual(
        unread.body.items.map((n: any) => n.title),
        ["a2", "a1"]
      )
      assert.strictEqual(unread.body.unreadCount, 2)

      const all = await app.call("POST", "/notifications/read-all", { token: ada.token })
      assert.deepStrictEqual(all.body, { marked: 2 })
      assert.strictEqual((await app.call("GET", "/notifications", { token: ada.token })).body.unreadCount, 0)
      // Bob's stay unread.
      assert.strictEqual((await app.call("GET", "/notifications", { token: bob.token })).body.unreadCount, 1)
    })

    it("bad queries and ids are 4xx; no session is 401", async () => {
      const ada = await signUp()
      for (const query of ["limit=0", "limit=500", "cursor=nope", "unreadOnly=maybe"]) {
        const response = await app.call("GET", `/notifications?${query}`, { token: ada.token })
        assert.strictEqual(response.status, 400, query)
      }
      // Not an id at all is bad input; an id of nothing (or of another user's) is not found.
      assert.strictEqual((await app.call("POST", "/notifications/not-a-uuid/read", { token: ada.token })).status, 400)
      assert.strictEqual(
        (await app.call("POST", "/notifications/0190a0c8-0000-7000-8000-000000000000/read", { token: ada.token }))
          .status,
        404
      )
      assert.strictEqual((await app.call("GET", "/notifications")).status, 401)
      assert.strictEqual((await app.call("POST", "/push/subscriptions", { body: subscription() })).status, 401)
    })

    it("push subscriptions: validated, stored per user, deleted only by their owner", async () => {
      const ada = await signUp()
      const bob = await signUp()
      const phone = subscription()
      assert.strictEqual((await app.call("POST", "/push/subscriptions", { token: ada.token, body: phone })).status, 204)
      // Saving again (the browser re-sends it on every start) is fine.
      assert.strictEqual((await app.call("POST", "/push/subscriptions", { token: ada.token, body: phone })).status, 204)

      const invalid = [
        { ...phone, endpoint: "not a url" },
        { ...phone, endpoint: "ftp://push.example.net/x" },
        { ...phone, endpoint: "https://user:secret@push.example.net/x" },
        { ...phone, keys: { ...phone.keys, p256dh: "AAAA" } },
        { ...phone, keys: { ...phone.keys, auth: Crypto.randomBytes(8).toString("base64url") } },
        { endpoint: phone.endpoint, keys: { p256dh: phone.keys.p256dh } }
      ]
      for (const body of invalid) {
        const response = await app.call("POST", "/push/subscriptions", { token: ada.token, body })
        assert.strictEqual(response.status, 400, JSON.stringify(body))
      }

      const endpoints = (userId: string) =>
        run(PushSubscriptions.use((subscriptions) => subscriptions.forUser(userId))).then((all) =>
          all.map((s) => s.endpoint)
        )
      assert.deepStrictEqual(await endpoints(ada.id), [phone.endpoint])
      assert.deepStrictEqual(await endpoints(bob.id), [])

      // Bob cannot remove Ada's subscription.
      const bobDelete = await app.call("DELETE", "/push/subscriptions", {
        token: bob.token,
        body: { endpoint: phone.endpoint }
      })
      assert.strictEqual(bobDelete.status, 204)
      assert.deepStrictEqual(await endpoints(ada.id), [phone.endpoint])

      const adaDelete = await app.call("DELETE", "/push/subscriptions", {
        token: ada.token,
        body: { endpoint: phone.endpoint }
      })
      assert.strictEqual(adaDelete.status, 204)
      assert.deepStrictEqual(await endpoints(ada.id), [])
    })

    it("push subscriptions the server must not POST to: 422 (or 400 by shape) naming endpoint, nothing stored", async () => {
      const ada = await signUp()
      const refused: ReadonlyArray<readonly [string, string]> = [
        ["http://push.example.net/plain-http", "must be an https URL"],
        ["http://127.0.0.1:25432/x", "must be an https URL"],
        ["https://127.0.0.1/x", "127.0.0.1, a loopback address"],
        ["https://10.1.2.3/x", "a private address"],
        ["https://192.168.1.1/x", "a private address"],
        ["https://169.254.169.254/latest/meta-data/", "where cloud metadata services answer"],
        ["https://localhost:25432/x", "localhost resolves to 127.0.0.1"],
        ["https://metadata.example.test/x", "metadata.example.test resolves to 169.254.169.254"]
      ]
      for (const [endpoint, reason] of refused) {
        const response = await app.call("POST", "/push/subscriptions", {
          token: ada.token,
          body: subscription(endpoint)
        })
        assert.strictEqual(response.status, 422, endpoint)
        assert.strictEqual(response.body.field, "endpoint", endpoint)
        assert.include(response.body.detail, reason, endpoint)
      }
      // IPv6 literals (no push service has one) and credentials are refused by the URL's shape already.
      for (const endpoint of [
        "https://[::1]:8443/x",
        "https://[::ffff:127.0.0.1]/x",
        "https://me@push.example.net/x"
      ]) {
        const response = await app.call("POST", "/push/subscriptions", {
          token: ada.token,
          body: subscription(endpoint)
        })
        assert.strictEqual(response.status, 400, endpoint)
        assert.deepStrictEqual(
          response.body.errors.map((error: { path: Array<string> }) => error.path.at(-1)),
          ["endpoint"]
        )
      }
      const stored = await run(PushSubscriptions.use((subscriptions) => subscriptions.forUser(ada.id)))
      assert.deepStrictEqual(stored, [])
    })

    it("serves the VAPID public key to signed-in users", async () => {
      const ada = await signUp()
      const response = await app.call("GET", "/push/vapid-public-key", { token: ada.token })
      assert.strictEqual(response.status, 200)
      assert.deepStrictEqual(response.body, { publicKey: vapid.publicKey })
    })
  })
