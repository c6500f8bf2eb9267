/**
 * Web Push in this browser: the service worker (`/sw.js`, served from the origin root), the
 * permission, and the push subscription the server sends reminders to (VAPID, RFC 8292).
 */
import type { PushSubscriptionInput } from "@tickler/api"
import { api, ApiError } from "../api/client.ts"
import { openTask } from "../tasks/openTask.ts"

export const pushSupported = (): boolean =>
  typeof window !== "undefined" &&
  window.isSecureContext &&
  "serviceWorker" in navigator &&
  "PushManager" in window &&
  "Notification" in window

/** Why turning push on did not work, in words the settings page shows. */
export class PushProblem extends Error {
  readonly kind: "unsupported" | "denied" | "dismissed" | "unconfigured" | "subscribe" | "server"
  constructor(kind: PushProblem["kind"], message: string) {
    super(message)
    this.kind = kind
  }
}

/** Registers the service worker (once per page) and listens for "open this task" from its clicks. */
export const registerServiceWorker = (): Promise<ServiceWorkerRegistration> | undefined => {
  if (!pushSupported()) return undefined
  registration ??= navigator.serviceWorker.register("/sw.js", { scope: "/" }).then((r) => {
    navigator.serviceWorker.addEventListener("message", (event: MessageEvent<unknown>) => {
      const data = event.data as { type?: unknown; taskId?: unknown } | null
      if (data?.type === "open-task" && typeof data.taskId === "string") openTask(data.taskId)
    })
    // addEventListener (unlike onmessage) does not start delivery by itself.
    navigator.serviceWorker.startMessages()
    return r
  })
  return registration
}
let registration: Promise<ServiceWorkerRegistration> | undefined

const ready = async () => {
  const registered = registerServiceWorker()
  if (registered === undefined) throw new PushProblem("unsupported", unsupportedMessage)
  await registered
  return navigator.serviceWorker.ready
}

export const unsupportedMessage =
  "This browser can't show notifications from Tickler: it has no Web Push (or the page isn't served over https)."
export const deniedMessage =
  "Notifications are blocked for this site. Allow them in your browser's site settings, then turn them on here."

/** base64url → bytes, for `applicationServerKey`. */
const keyBytes = (base64url: string): Uint8Array<ArrayBuffer> => {
  const base64 = base64url.replaceAll("-", "+").replaceAll("_", "/")
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="))
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

/** The server's VAPID public key; `unconfigured` when the server has none (503). */
export const vapidPublicKey = async (): Promise<string> => {
  try {
    return (await api((c) => c.notifications.vapidPublicKey())).publicKey
  } catch (error) {
    if (error instanceof ApiError && error.kind === "unavailable")
      throw new PushProblem(
        "unconfigured",
        "Browser notifications aren't set up on this Tickler server (it has no VAPID keys). Ask whoever runs it."
      )
    throw new PushProblem("server", error instanceof Error ? error.message : String(error))
  }
}

export const currentSubscription = async (): Promise<PushSubscription | null> => {
  if (!pushSupported()) return null
  return (await ready()).pushManager.getSubscription()
}

const sameKey = (subscription: PushSubscription, key: Uint8Array) => {
  const existing = subscription.options.applicationServerKey
  if (existing === null) return false
  const bytes = new Uint8Array(existing)
  return bytes.length === key.length && bytes.every((b, i) => b === key[i])
}

const SUBSCRIBE_TIMEOUT_MS = 20_000

const withTimeout = <A>(promise: Promise<A>, ms: number, message: string): Promise<A> =>
  new Promise<A>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms)
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error))))
    )
  })

/** Asks for permission, subscribes with the server's key and registers the subscription there. */
export const enablePush = async (): Promise<PushSubscription> => {
  if (!pushSupported()) throw new PushProblem("unsupported", unsupportedMessage)
  const key = keyBytes(await vapidPublicKey())
  const permission = await Notification.requestPermission()
  if (permission === "denied") throw new PushProblem("denied", deniedMessage)
  if (permission !== "granted")
    throw new PushProblem("dismissed", "You closed the permission prompt. Turn notifications on to be asked again.")
  const { pushManager } = await ready()
  let subscription = await pushManager.getSubscription()
  // A subscription made with another server key (keys were rotated) cannot be reused.
  if (subscription !== null && !sameKey(subscription, key)) {
    await subscription.unsubscribe()
    subscription = null
  }
  try {
    // Without a reachable push service (offline, or Google's blocked) Chromium never settles this.
    subscription ??= await withTimeout(
      pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }),
      SUBSCRIBE_TIMEOUT_MS,
      "its push service did not answer"
    )
  } catch (error) {
    throw new PushProblem(
      "subscribe",
      `The browser couldn't subscribe to its push service (${error instanceof Error ? error.message : String(error)}).`
    )
  }
  const json = subscription.toJSON()
  const payload: PushSubscriptionInput = {
    endpoint: subscription.endpoint,
    expirationTime: subscription.expirationTime,
    keys: { p256dh: json.keys?.["p256dh"] ?? "", auth: json.keys?.["auth"] ?? "" }
  }
  try {
    await api((c) => c.notifications.subscribe({ payload }))
  } catch (error) {
    // The server doesn't know it: don't leave a subscription nobody sends to.
    await subscription.unsubscribe().catch(() => undefined)
    throw new PushProblem("server", error instanceof Error ? error.message : String(error))
  }
  return subscription
}

/** Removes this browser's subscription, on the server first (so nothing is sent to a dead endpoint). */
export const disablePush = async (): Promise<void> => {
  const subscription = await currentSubscription()
  if (subscription === null) return
  await api((c) => c.notifications.unsubscribe({ payload: { endpoint: subscription.endpoint } }))
  await subscription.unsubscribe()
}
