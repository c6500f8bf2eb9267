import { Schema } from "effect"

export const priorities = ["none", "low", "medium", "high", "urgent"] as const
export const Priority = Schema.Literals(priorities)
export type Priority = typeof Priority.Type

/** Numeric rank used for ordering and `priority >= high` comparisons. */
export const priorityRank = (priority: Priority): number => priorities.indexOf(priority)
export const priorityFromRank = (rank: number): Priority => priorities[rank] ?? "none"

/** Todoist's priorities, as the filter language and quick add read them: p1 is the most urgent, p4 is no priority. */
export const todoistPriorities: Readonly<Record<string, Priority>> = {
  p1: "urgent",
  p2: "high",
  p3: "medium",
  p4: "none"
}
