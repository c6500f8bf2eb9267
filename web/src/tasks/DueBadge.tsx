import type { Task } from "@tickler/domain"
import { formatDue } from "../lib/format.ts"
import { Icon } from "../ui/Icon.tsx"

/** Due in the task's zone, and in the user's zone too when they differ. */
export const DueBadge = ({ task, userZone }: { readonly task: Task; readonly userZone: string }) => {
  if (task.due === null) return null
  const due = formatDue(task.due, userZone)
  const tone = task.status === "completed" ? "done" : due.tone
  return (
    <span className={`due due-${tone}`} title={due.title}>
      <Icon name="calendar" size={13} />
      <span className="sr-only">Due </span>
      {due.label}
      {due.inUserZone ? <span className="due-mine"> · {due.inUserZone}</span> : null}
    </span>
  )
}
