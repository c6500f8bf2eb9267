import type { Highlight } from "@tickler/api"
import type { Task } from "@tickler/domain"
import { memo } from "react"
import { formatRecurrence } from "../lib/format.ts"
import { hasMark, Highlighted } from "../lib/highlight.tsx"
import { navigate, withParams } from "../lib/router.ts"
import { toggleComplete } from "./actions.ts"
import { DueBadge } from "./DueBadge.tsx"
import { priorityNames } from "./PriorityMark.tsx"
import { Icon } from "../ui/Icon.tsx"

interface Props {
  readonly task: Task
  readonly highlight: typeof Highlight.Type | undefined
  readonly userZone: string
  readonly selected: boolean
  readonly onSelect: (id: string) => void
}

export const TaskRow = memo(function TaskRow({ task, highlight, userZone, selected, onSelect }: Props) {
  const done = task.status === "completed"
  const open = () => navigate(withParams({ task: task.id }))
  return (
    <li
      className={`task-row priority-${task.priority}${done ? " is-done" : ""}${selected ? " is-selected" : ""}`}
      data-task-id={task.id}
      onFocusCapture={() => onSelect(task.id)}
    >
      <input
        type="checkbox"
        className="task-check"
        checked={done}
        aria-label={`${done ? "Reopen" : "Complete"} “${task.title}”`}
        onChange={() => void toggleComplete(task.id)}
      />
      <div className="task-main">
        <button type="button" className="task-title" onClick={open} aria-current={selected ? "true" : undefined}>
          {highlight ? <Highlighted html={highlight.title} /> : task.title}
        </button>
        {highlight && hasMark(highlight.description) ? (
          <p className="task-snippet">
            <Highlighted html={highlight.description} />
          </p>
        ) : null}
        <div className="task-meta">
          <DueBadge task={task} userZone={userZone} />
          {task.recurrence ? (
            <span className="meta-item" title={formatRecurrence(task.recurrence, task.due)}>
              <Icon name="repeat" size={13} />
              <span className="sr-only">Repeats </span>
              <span className="meta-repeat">{formatRecurrence(task.recurrence, task.due)}</span>
            </span>
          ) : null}
          {task.reminders.length > 0 ? (
            <span className="meta-item" title={`${task.reminders.length} reminder(s)`}>
              <Icon name="bell" size={13} />
              <span className="sr-only">{task.reminders.length} reminders</span>
              {task.reminders.length > 1 ? ` ${task.reminders.length}` : ""}
            </span>
          ) : null}
          {task.priority !== "none" ? (
            <span className={`prio-label prio-${task.priority}`}>
              <Icon name="flag" size={13} />
              {priorityNames[task.priority]}
            </span>
          ) : null}
          {task.tags.map((tag) => (
            <a
              key={tag}
              className="tag-chip"
              href={`/tags/${encodeURIComponent(tag)}`}
              onClick={(event) => {
                event.preventDefault()
                navigate(`/tags/${encodeURIComponent(tag)}`)
              }}
            >
              #{tag}
            </a>
          ))}
        </div>
      </div>
    </li>
  )
})
