import type { Notification } from "@tickler/api"
import { DateTime } from "effect"
import { useRef } from "react"
import { formatAgo, formatInstant } from "../lib/format.ts"
import { Icon } from "../ui/Icon.tsx"

/** The task's title: the stored title is the message's ("Reminder: Water plants"). */
export const taskTitleOf = (notification: Notification) => notification.title.replace(/^Reminder: /, "")

export const NotificationItem = ({
  notification,
  zone,
  onOpen,
  onMarkRead
}: {
  readonly notification: Notification
  readonly zone: string
  readonly onOpen: () => void
  readonly onMarkRead: () => void
}) => {
  const unread = notification.readAt === null
  const link = useRef<HTMLAnchorElement>(null)
  const title = taskTitleOf(notification)
  // The body repeats "Late reminder." — the marker below says it more visibly.
  const body = notification.body.replace(/^Late reminder\.\s*/, "")
  return (
    <li className={`notification${unread ? " is-unread" : ""}`} data-testid="notification">
      <span className="notification-dot" aria-hidden="true" />
      <div className="notification-main">
        <a
          ref={link}
          className="notification-title"
          href={`/all?task=${encodeURIComponent(notification.taskId)}`}
          onClick={(e) => {
            e.preventDefault()
            onOpen()
          }}
        >
          {unread ? <span className="sr-only">Unread: </span> : null}
          {title}
        </a>
        <p className="notification-body">{body}</p>
        <p className="notification-meta">
          <time
            dateTime={DateTime.formatIso(notification.createdAt)}
            title={formatInstant(notification.createdAt, zone)}
          >
            {formatAgo(notification.createdAt, zone)}
          </time>
          {notification.late ? (
            <span className="late-marker" title={`Due to fire ${formatInstant(notification.fireAt, zone)}`}>
              Late
            </span>
          ) : null}
        </p>
      </div>
      {unread ? (
        <button
          type="button"
          className="btn btn-icon btn-small notification-mark"
          aria-label={`Mark “${title}” read`}
          title="Mark read"
          onClick={() => {
            // The button goes away once read: keep focus on this notification.
            link.current?.focus()
            onMarkRead()
          }}
        >
          <Icon name="check" size={15} />
        </button>
      ) : null}
    </li>
  )
}
