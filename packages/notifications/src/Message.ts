import type { Task } from "@tickler/domain"
import { Temporal } from "temporal-polyfill"

/** What every channel says about one reminder occurrence, rendered once when the trigger arrives. */
export interface ReminderMessage {
  readonly title: string
  readonly body: string
  /** The email subject. */
  readonly subject: string
  /** The email body (plain text). */
  readonly text: string
  readonly taskId: string
  readonly reminderId: string
  readonly late: boolean
  readonly url: string
}

/** "Tue, 3 Mar 2026, 09:00 (America/New_York)": wall-clock time in the user's zone, and which zone. */
const formatInstant = (instant: Temporal.Instant, timeZone: string) =>
  `${instant.toZonedDateTimeISO(timeZone).toLocaleString("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit"
  })} (${timeZone})`

const formatDate = (date: string) =>
  Temporal.PlainDate.from(date).toLocaleString("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric"
  })

/** "Due Tue, 3 Mar 2026, 09:00 (Europe/Berlin)" in the user's zone (all-day tasks show their date only). */
export const describeDue = (task: Pick<Task, "due">, dueDate: string | null, timeZone: string): string | null => {
  if (task.due?.kind === "date") return `Due ${formatDate(task.due.date)} (all day)`
  if (dueDate === null) return null
  return `Due ${formatInstant(Temporal.Instant.from(dueDate), timeZone)}`
}

export const renderReminder = (input: {
  readonly task: Pick<Task, "id" | "title" | "due">
  readonly reminderId: string
  readonly dueDate: string | null
  readonly fireAt: string
  readonly late: boolean
  readonly timeZone: string
  /** Where the app is served, for the link in the email. */
  readonly baseUrl: string
}): ReminderMessage => {
  const due = describeDue(input.task, input.dueDate, input.timeZone)
  const lateNote = input.late
    ? `This reminder is late: it was due at ${formatInstant(Temporal.Instant.from(input.fireAt), input.timeZone)}, while Tickler was unavailable.`
    : null
  const body = [lateNote === null ? null : "Late reminder.", due ?? "No due date."]
    .filter((line) => line !== null)
    .join(" ")
  const url = `/tasks/${input.task.id}`
  return {
    title: `Reminder: ${input.task.title}`,
    body,
    subject: `${input.late ? "Late reminder" : "Reminder"}: ${input.task.title}`,
    text: [
      `Reminder: ${input.task.title}`,
      "",
      due ?? "This task has no due date.",
      ...(lateNote === null ? [] : ["", lateNote]),
      "",
      `Open the task: ${input.baseUrl.replace(/\/+$/, "")}${url}`
    ].join("\n"),
    taskId: input.task.id,
    reminderId: input.reminderId,
    late: input.late,
    url
  }
}
