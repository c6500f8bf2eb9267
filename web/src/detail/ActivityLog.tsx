import type { ActivityEntry } from "@tickler/domain"
import { TaskId } from "@tickler/domain"
import { useEffect, useState } from "react"
import { api } from "../api/client.ts"
import { formatInstant } from "../lib/format.ts"

const verbs: Record<ActivityEntry["action"], string> = {
  created: "Created",
  updated: "Changed",
  completed: "Completed",
  reopened: "Reopened",
  deleted: "Deleted"
}

const show = (value: unknown): string =>
  value === null || value === undefined || value === ""
    ? "nothing"
    : typeof value === "string"
      ? value
      : JSON.stringify(value)

/** The task's append-only history (GET /api/tasks/{id}/activity), newest first. */
export const ActivityLog = ({
  taskId,
  version,
  userZone
}: {
  readonly taskId: TaskId
  readonly version: string
  readonly userZone: string
}) => {
  const [entries, setEntries] = useState<ReadonlyArray<ActivityEntry> | undefined>()
  const [error, setError] = useState<string | undefined>()
  useEffect(() => {
    const controller = new AbortController()
    // The log is written from the task's events, a moment after the change: re-read when the task changes.
    api((c) => c.activity.forTask({ params: { id: taskId }, query: {} }), { signal: controller.signal }).then(
      (page) => setEntries(page.items),
      (e: unknown) => !controller.signal.aborted && setError(e instanceof Error ? e.message : String(e))
    )
    return () => controller.abort()
  }, [taskId, version])
  if (error) return <p className="field-error">Couldn't load the activity: {error}</p>
  if (entries === undefined) return <p className="muted">Loading…</p>
  if (entries.length === 0) return <p className="muted">No activity yet.</p>
  return (
    <ol className="activity" data-testid="activity">
      {entries.map((entry) => (
        <li key={entry.id}>
          <span className="activity-what">
            {verbs[entry.action]}
            {entry.action === "updated"
              ? ` ${Object.entries(entry.changes)
                  .map(([field, change]) => `${field}: ${show(change.before)} → ${show(change.after)}`)
                  .join("; ")}`
              : ""}
          </span>
          <span className="muted activity-when">{formatInstant(entry.at, userZone)}</span>
        </li>
      ))}
    </ol>
  )
}
