/**
 * What the quick-add bar will create: `parseQuickAdd` (the same parser the server uses) run in the
 * browser on every keystroke, minus the phrases the user dismissed. A dismissed phrase stays in the
 * title as plain words ("Read next week magazine" without the date).
 */
import type { CreateTask, QuickAddToken, QuickAddTokenKind } from "@tickler/domain"
import { parseQuickAdd } from "@tickler/domain"
import { Temporal } from "temporal-polyfill"
import { formatDue, formatMinutesBefore, formatRecurrence } from "../lib/format.ts"

export interface QuickAddChip {
  /** Stable while the user types elsewhere in the line: kind + the phrase itself. */
  readonly key: string
  readonly kind: QuickAddTokenKind
  readonly label: string
  readonly phrase: string
}

export interface QuickAddDraft {
  readonly title: string
  readonly chips: ReadonlyArray<QuickAddChip>
  readonly input: CreateTask & { readonly title: string }
}

export const chipKey = (token: Pick<QuickAddToken, "kind" | "text">) => `${token.kind}:${token.text.toLowerCase()}`

const priorityLabels = {
  none: "No priority",
  low: "Low priority",
  medium: "Medium priority",
  high: "High priority",
  urgent: "Urgent"
}

export const draftQuickAdd = (
  text: string,
  dismissed: ReadonlySet<string>,
  context: { readonly now: Temporal.Instant; readonly zone: string }
): QuickAddDraft => {
  const first = parseQuickAdd(text, context)
  // Blank out dismissed phrases (same length, so the other phrases keep their offsets) and parse again.
  let visible = text
  for (const token of first.tokens) {
    if (dismissed.has(chipKey(token))) {
      visible = visible.slice(0, token.start) + " ".repeat(token.end - token.start) + visible.slice(token.end)
    }
  }
  const parsed = visible === text ? first : parseQuickAdd(visible, context)
  let title = ""
  let from = 0
  for (const token of parsed.tokens) {
    title += ` ${text.slice(from, token.start)}`
    from = token.end
  }
  title = `${title} ${text.slice(from)}`.replace(/\s+/gu, " ").trim()

  let reminderIndex = 0
  const chips = parsed.tokens.map((token): QuickAddChip => {
    const phrase = text.slice(token.start, token.end)
    const base = { key: chipKey({ kind: token.kind, text: phrase }), kind: token.kind, phrase }
    switch (token.kind) {
      case "due":
        return { ...base, label: parsed.due ? formatDue(parsed.due, context.zone, context.now).label : phrase }
      case "recurrence": {
        if (parsed.recurrence === undefined) return { ...base, label: phrase }
        const words = formatRecurrence(parsed.recurrence, parsed.due)
        // Without an explicit date the first due comes from the rule: say when.
        const hasDate = parsed.tokens.some((t) => t.kind === "due")
        const first = !hasDate && parsed.due ? ` · first ${formatDue(parsed.due, context.zone, context.now).label}` : ""
        return { ...base, label: `${words.charAt(0).toUpperCase()}${words.slice(1)}${first}` }
      }
      case "tag":
        return { ...base, label: phrase.startsWith("#") ? phrase : `#${phrase}` }
      case "priority":
        return { ...base, label: parsed.priority ? priorityLabels[parsed.priority] : phrase }
      case "reminder": {
        const reminder = parsed.reminders[reminderIndex++]
        return {
          ...base,
          label:
            reminder?.kind === "relative"
              ? `Remind ${formatMinutesBefore(reminder.minutesBefore).toLowerCase()}`
              : phrase
        }
      }
    }
  })

  return {
    title,
    chips,
    input: {
      title,
      ...(parsed.due === undefined ? {} : { due: parsed.due }),
      ...(parsed.recurrence === undefined ? {} : { recurrence: parsed.recurrence }),
      ...(parsed.tags.length === 0 ? {} : { tags: parsed.tags }),
      ...(parsed.priority === undefined ? {} : { priority: parsed.priority }),
      ...(parsed.reminders.length === 0 ? {} : { reminders: parsed.reminders })
    }
  }
}
