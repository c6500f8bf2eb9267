/** How the chat shows a tool step: "Added "Call mum" — Tue 8 Dec 18:00, every week". */
import { describeRecurrence, type Due, type Recurrence } from "@tickler/domain"
import { Temporal } from "temporal-polyfill"

interface TaskJson {
  readonly id: string
  readonly title: string
  readonly due: Due | null
  readonly recurrence: Recurrence | null
  readonly reminders: ReadonlyArray<unknown>
  readonly priority: string
  readonly tags: ReadonlyArray<string>
}

export const formatDue = (due: Due): string => {
  const options = { weekday: "short", day: "numeric", month: "short" } as const
  if (due.kind === "date") return Temporal.PlainDate.from(due.date).toLocaleString("en-GB", options)
  const local = Temporal.PlainDateTime.from(due.local)
  return `${local.toPlainDate().toLocaleString("en-GB", options)} ${local.toPlainTime().toString({ smallestUnit: "minute" })}`
}

/** "Call mum" — Tue 8 Dec 18:00, every week, 1 reminder, #family, high. */
export const describeTask = (task: TaskJson): string => {
  const parts = [
    ...(task.due === null ? [] : [formatDue(task.due)]),
    ...(task.recurrence === null ? [] : [describeRecurrence(task.recurrence).replace(/^./, (c) => c.toLowerCase())]),
    ...(task.reminders.length === 0
      ? []
      : [`${task.reminders.length} reminder${task.reminders.length === 1 ? "" : "s"}`]),
    ...task.tags.map((tag) => `#${tag}`),
    ...(task.priority === "none" ? [] : [task.priority])
  ]
  return `"${task.title}"${parts.length === 0 ? "" : ` — ${parts.join(", ")}`}`
}

const verbs: Record<string, string> = {
  add_task: "Added",
  update_task: "Changed",
  complete_task: "Completed",
  reopen_task: "Reopened",
  set_reminders: "Set reminders on",
  clear_reminders: "Removed the reminders of",
  set_recurrence: "Made recurring:",
  clear_recurrence: "Stopped repeating:"
}

/** The step's line from the tool's structured result (`title` names a deleted task). */
export const summarizeStep = (tool: string, result: Record<string, unknown>, title?: string): string => {
  if (tool in verbs) return `${verbs[tool]} ${describeTask(result as unknown as TaskJson)}`
  switch (tool) {
    case "delete_task":
      return `Deleted ${title === undefined ? "the task" : `"${title}"`}`
    case "list_tasks": {
      const n = (result["items"] as ReadonlyArray<unknown>).length
      return `Found ${n} task${n === 1 ? "" : "s"}${result["nextCursor"] ? " (more on the next page)" : ""}`
    }
    case "get_task":
      return `Looked up ${describeTask(result as unknown as TaskJson)}`
    case "list_tags":
      return `Listed ${(result["tags"] as ReadonlyArray<unknown>).length} tags`
    case "list_views":
      return `Listed ${(result["views"] as ReadonlyArray<unknown>).length} saved views`
    default:
      return `Ran ${tool}`
  }
}

export type { TaskJson }
