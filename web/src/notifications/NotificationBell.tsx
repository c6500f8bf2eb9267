import { useCallback, useEffect, useRef, useState } from "react"
import { Icon } from "../ui/Icon.tsx"
import { NotificationPanel, PANEL_ID } from "./NotificationPanel.tsx"
import { loadNotifications, notifications, resetNotifications } from "./store.ts"

/** The bell in the header: unread count as a badge (and in its label), toggles the panel. */
export const NotificationBell = () => {
  const unread = notifications.use((s) => s.unreadCount)
  const [open, setOpen] = useState(false)
  const bell = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    void loadNotifications()
    return resetNotifications
  }, [])

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false)
    if (returnFocus) bell.current?.focus()
  }, [])

  const label = unread === 0 ? "Notifications" : `Notifications, ${unread} unread`
  return (
    <div className="bell">
      <button
        ref={bell}
        type="button"
        data-bell
        className={`btn btn-icon${open ? " btn-active" : ""}`}
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls={open ? PANEL_ID : undefined}
        aria-haspopup="dialog"
        onClick={() => setOpen((v) => !v)}
      >
        <Icon name="bell" size={18} />
        {unread > 0 ? (
          <span className="bell-badge" aria-hidden="true" data-testid="unread-count">
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      {open ? <NotificationPanel onClose={close} /> : null}
    </div>
  )
}
