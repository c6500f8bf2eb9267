/* Tickler's service worker: shows reminders that arrive by Web Push and opens their task on click.
 * Payload (packages/notifications, NotificationsConsumer.sendPush):
 * { type: "reminder", title, body, taskId, reminderId, late, url } */
"use strict"

self.addEventListener("install", () => self.skipWaiting())
// Controls open tabs at once, so a click can reach the tab that is already open.
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()))

const parse = (data) => {
  if (!data) return undefined
  try {
    return data.json()
  } catch {
    return { title: "Tickler", body: data.text() }
  }
}

self.addEventListener("push", (event) => {
  const message = parse(event.data) ?? {}
  const taskId = typeof message.taskId === "string" ? message.taskId : undefined
  event.waitUntil(
    self.registration.showNotification(typeof message.title === "string" ? message.title : "Tickler", {
      body: typeof message.body === "string" ? message.body : "",
      // One notification per reminder occurrence: a redelivery replaces it instead of stacking.
      tag: typeof message.reminderId === "string" ? message.reminderId : undefined,
      icon: "/favicon.svg",
      badge: "/favicon.svg",
      timestamp: Date.now(),
      data: { taskId, url: typeof message.url === "string" ? message.url : "/" }
    })
  )
})

/** Focuses an open Tickler tab and asks it to show the task; opens a new tab when there is none. */
const openTask = async (data) => {
  const taskId = data && typeof data.taskId === "string" ? data.taskId : undefined
  const url = new URL(taskId ? `/all?task=${encodeURIComponent(taskId)}` : "/today", self.location.origin).href
  const tabs = await self.clients.matchAll({ type: "window", includeUncontrolled: true })
  const tab = tabs.find((client) => new URL(client.url).origin === self.location.origin)
  if (tab === undefined) return self.clients.openWindow(url)
  // focus() needs the click's user activation; without one the tab is still told to open the task.
  await tab.focus().catch(() => undefined)
  tab.postMessage({ type: "open-task", taskId })
  return tab
}
self.tickler = { openTask }

self.addEventListener("notificationclick", (event) => {
  event.notification.close()
  event.waitUntil(openTask(event.notification.data))
})
