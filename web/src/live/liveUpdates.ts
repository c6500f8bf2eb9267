/**
 * Live sync: `GET /api/events` (Server-Sent Events, outside the typed HttpApi because it streams)
 * tells this tab about changes made elsewhere; the lists on screen re-read within a second, and new
 * notifications go straight into the notification centre.
 * EventSource reconnects by itself and sends Last-Event-ID, so nothing is missed after a drop.
 */
import { notificationFromEvent, receiveNotification } from "../notifications/store.ts"
import { refreshLists } from "../tasks/store.ts"
import { showToast } from "../ui/toasts.ts"
import { openTask } from "../tasks/openTask.ts"

/** Event types this client reacts to (see SPEC §4, `task-updates`). */
const TASK_CHANGED = "task.state_changed"
const NOTIFICATION_CREATED = "notification.created"

export const connectLiveUpdates = (): (() => void) => {
  if (typeof EventSource === "undefined") return () => undefined
  const source = new EventSource("/api/events", { withCredentials: true })
  let timer: ReturnType<typeof setTimeout> | undefined
  // A burst of changes (a bulk edit elsewhere) becomes one re-read.
  const onChange = () => {
    clearTimeout(timer)
    timer = setTimeout(refreshLists, 150)
  }
  const onNotification = (event: MessageEvent<string>) => {
    const notification = notificationFromEvent(event.data)
    // A replay after reconnect carries notifications this tab already has: no second toast.
    if (notification === undefined || !receiveNotification(notification)) return
    showToast({
      message: notification.title,
      tone: "info",
      action: { label: "Open", run: () => openTask(notification.taskId) }
    })
  }
  source.addEventListener(TASK_CHANGED, onChange)
  source.addEventListener(NOTIFICATION_CREATED, onNotification)
  return () => {
    clearTimeout(timer)
    source.close()
  }
}
