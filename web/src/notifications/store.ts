/**
 * The notification centre's state: the newest notifications, the unread count, and the marks
 * (optimistic: the badge changes at once, an error puts the previous state back and says so).
 * New notifications arrive live from the SSE stream (`receiveNotification`).
 */
import { Notification } from "@tickler/api"
import { DateTime, Schema } from "effect"
import { api, ApiError } from "../api/client.ts"
import { createStore } from "../lib/createStore.ts"
import { showError } from "../ui/toasts.ts"

export interface NotificationsState {
  readonly status: "idle" | "loading" | "ready" | "error"
  readonly items: ReadonlyArray<Notification>
  readonly unreadCount: number
  readonly nextCursor: string | null
  readonly loadingMore: boolean
  readonly error?: ApiError
}

const initial: NotificationsState = { status: "idle", items: [], unreadCount: 0, nextCursor: null, loadingMore: false }

export const notifications = createStore<NotificationsState>(initial)

const PAGE = 20

const asApiError = (error: unknown) => (error instanceof ApiError ? error : new ApiError("server", String(error)))

/** Items not already listed (a live event and a page can both carry the same notification). */
const mergeNew = (items: ReadonlyArray<Notification>, incoming: ReadonlyArray<Notification>) => {
  const known = new Set(items.map((n) => n.id))
  return incoming.filter((n) => !known.has(n.id))
}

let generation = 0

/** (Re)reads the first page and the unread count. */
export const loadNotifications = async () => {
  const gen = ++generation
  notifications.set((s) => (s.status === "ready" ? s : { ...s, status: "loading" }))
  try {
    const page = await api((c) => c.notifications.list({ query: { limit: PAGE } }))
    if (gen !== generation) return
    notifications.set((s) => {
      // Live arrivals newer than the page (it was read before they existed) stay on top.
      const newest = page.items[0]
      const later = mergeNew(page.items, s.items).filter(
        (n) => newest === undefined || DateTime.isGreaterThan(n.createdAt, newest.createdAt)
      )
      return {
        status: "ready",
        items: [...later, ...page.items],
        unreadCount: page.unreadCount + later.filter((n) => n.readAt === null).length,
        nextCursor: page.nextCursor,
        loadingMore: false
      }
    })
  } catch (error) {
    if (gen !== generation) return
    notifications.set((s) => ({ ...s, status: s.status === "ready" ? "ready" : "error", error: asApiError(error) }))
  }
}

export const loadMoreNotifications = async () => {
  const { nextCursor, loadingMore } = notifications.get()
  if (nextCursor === null || loadingMore) return
  notifications.set((s) => ({ ...s, loadingMore: true }))
  try {
    const page = await api((c) => c.notifications.list({ query: { limit: PAGE, cursor: nextCursor } }))
    notifications.set((s) => ({
      ...s,
      items: [...s.items, ...mergeNew(s.items, page.items)],
      nextCursor: page.nextCursor,
      loadingMore: false
    }))
  } catch (error) {
    notifications.set((s) => ({ ...s, loadingMore: false }))
    showError(error)
  }
}

/** A `notification.created` event: listed first and counted, unless this tab already has it. */
export const receiveNotification = (notification: Notification): boolean => {
  if (notifications.get().items.some((n) => n.id === notification.id)) return false
  notifications.set((s) => ({
    ...s,
    items: [notification, ...s.items],
    unreadCount: s.unreadCount + (notification.readAt === null ? 1 : 0)
  }))
  return true
}

const decodeNotification = Schema.decodeUnknownSync(Notification)

/** The notification inside a live event's envelope (`payload.notification`, as the API encodes it). */
export const notificationFromEvent = (data: string): Notification | undefined => {
  try {
    const envelope: unknown = JSON.parse(data)
    const payload = (envelope as { payload?: { notification?: unknown } } | null)?.payload
    return payload?.notification === undefined ? undefined : decodeNotification(payload.notification)
  } catch {
    return undefined
  }
}

const setReadAt = (ids: ReadonlySet<string>, readAt: DateTime.Utc | null, countDelta: number) =>
  notifications.set((s) => ({
    ...s,
    items: s.items.map((n) => (ids.has(n.id) ? new Notification({ ...n, readAt }) : n)),
    unreadCount: Math.max(0, s.unreadCount + countDelta)
  }))

export const markRead = async (id: string) => {
  const before = notifications.get().items.find((n) => n.id === id)
  if (before === undefined || before.readAt !== null) return
  setReadAt(new Set([id]), DateTime.nowUnsafe(), -1)
  try {
    const after = await api((c) => c.notifications.markRead({ params: { id } }))
    notifications.set((s) => ({ ...s, items: s.items.map((n) => (n.id === id ? after : n)) }))
  } catch (error) {
    setReadAt(new Set([id]), null, +1)
    showError(error)
  }
}

export const markAllRead = async () => {
  const { items, unreadCount } = notifications.get()
  if (unreadCount === 0) return
  const unread = new Set(items.filter((n) => n.readAt === null).map((n) => n.id))
  setReadAt(unread, DateTime.nowUnsafe(), -unreadCount)
  try {
    await api((c) => c.notifications.markAllRead())
  } catch (error) {
    setReadAt(unread, null, +unreadCount)
    showError(error)
  }
}

/** Signing out forgets the previous user's notifications. */
export const resetNotifications = () => {
  generation++
  notifications.set(() => initial)
}
