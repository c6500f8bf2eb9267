/**
 * Priorities: `!none`, `!low`, `!medium`, `!high`, `!urgent` (TickTick's `!` with a level), and
 * Todoist's `p1`–`p4` with the mapping the filter language uses.
 */
import { type Priority, priorities, todoistPriorities } from "../Priority.ts"
import { type Phrase, wordWhere } from "./Grammar.ts"
import { lookup } from "./Vocabulary.ts"

const levels: Record<string, Priority> = {
  ...Object.fromEntries(priorities.map((level) => [`!${level}`, level])),
  ...todoistPriorities
}

export const priority: Phrase<Priority> = wordWhere((norm) => lookup(levels, norm))
