/**
 * Live sync: `GET /api/events` (Server-Sent Events, outside the typed HttpApi because it streams)
 * tells this tab about changes made elsewhere; the lists on screen re-read within a second.
 * EventSource reconnects by itself and sends Last-Event-ID, so nothing is missed after a drop.
 */
import { refreshLists } from "../tasks/store.ts"

/** Event types this client reacts to (see SPEC §4, `task-updates`). */
const TASK_CHANGED = "task.state_changed"

export const connectLiveUpdates = (): (() => void) => {
  if (typeof EventSource === "undefined") return () => undefined
  const source = new EventSource("/api/events", { withCredentials: true })
  let timer: ReturnType<typeof setTimeout> | undefined
  // A burst of changes (a bulk edit elsewhere) becomes one re-read.
  const onChange = () => {
    clearTimeout(timer)
    timer = setTimeout(refreshLists, 150)
  }
  source.addEventListener(TASK_CHANGED, onChange)
  return () => {
    clearTimeout(timer)
    source.close()
  }
}
