import { useEffect, useRef } from "react"
import { useUserZone } from "../auth/session.ts"
import { openTask } from "../tasks/openTask.ts"
import { NotificationItem } from "./NotificationItem.tsx"
import { loadMoreNotifications, loadNotifications, markAllRead, markRead, notifications } from "./store.ts"

export const PANEL_ID = "notification-panel"

/** The list under the bell: a non-modal dialog; focus moves in on open and back to the bell on close. */
export const NotificationPanel = ({ onClose }: { readonly onClose: (returnFocus: boolean) => void }) => {
  const state = notifications.use((s) => s)
  const zone = useUserZone()
  const heading = useRef<HTMLHeadingElement>(null)
  const panel = useRef<HTMLDivElement>(null)

  useEffect(() => {
    heading.current?.focus()
    void loadNotifications()
  }, [])

  // A click anywhere else closes the panel (the bell toggles it itself).
  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node | null
      if (panel.current?.contains(target) || (target instanceof Element && target.closest("[data-bell]"))) return
      onClose(false)
    }
    // Escape closes it wherever focus is (a marked item's button is gone); handled before the
    // global shortcuts (on window), so Escape does not also close the task behind it.
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || document.querySelector("dialog[open]")) return
      event.preventDefault()
      onClose(true)
    }
    document.addEventListener("pointerdown", onPointer)
    document.addEventListener("keydown", onKey)
    return () => {
      document.removeEventListener("pointerdown", onPointer)
      document.removeEventListener("keydown", onKey)
    }
  }, [onClose])

  return (
    <div ref={panel} id={PANEL_ID} className="notification-panel" role="dialog" aria-labelledby="notifications-h">
      <div className="notification-head">
        <h2 id="notifications-h" ref={heading} tabIndex={-1}>
          Notifications
        </h2>
        <button
          type="button"
          className="btn btn-quiet btn-small"
          disabled={state.unreadCount === 0}
          onClick={() => void markAllRead()}
        >
          Mark all read
        </button>
      </div>
      {state.status === "error" && state.items.length === 0 ? (
        <div className="state state-error" role="alert">
          <p>{state.error?.message ?? "Couldn't load notifications."}</p>
          <button type="button" className="btn btn-small" onClick={() => void loadNotifications()}>
            Try again
          </button>
        </div>
      ) : state.items.length === 0 ? (
        state.status === "ready" ? (
          <p className="notification-empty">No notifications yet. Reminders you set on tasks show up here.</p>
        ) : (
          <div className="notification-empty" aria-busy="true" />
        )
      ) : (
        <ul className="notification-list" aria-labelledby="notifications-h">
          {state.items.map((n) => (
            <NotificationItem
              key={n.id}
              notification={n}
              zone={zone}
              onMarkRead={() => void markRead(n.id)}
              onOpen={() => {
                void markRead(n.id)
                openTask(n.taskId)
                onClose(false)
              }}
            />
          ))}
        </ul>
      )}
      {state.nextCursor !== null ? (
        <button
          type="button"
          className="btn btn-quiet btn-block"
          disabled={state.loadingMore}
          onClick={() => void loadMoreNotifications()}
        >
          {state.loadingMore ? "Loading…" : "Show older"}
        </button>
      ) : null}
    </div>
  )
}
