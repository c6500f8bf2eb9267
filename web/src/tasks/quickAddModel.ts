/**
 * What the quick-add bar will create: `parseQuickAdd` (the same parser the server uses) run in the
 * browser on every keystroke, minus the phrases the user dismissed. A dismissed phrase stays in the
 * title as plain words ("Read next week magazine" without the date).
 *
 * The chips are made from the same parse as the task that Enter saves, one per saved part: the due,
 * the repeat, each tag, the priority, each reminder. Every token the parser returns is saved, so a
 * chip lists the phrases it was read from, and dismissing it puts all of them back into the title.
 */
import type { CreateTask, ParsedQuickAdd, QuickAddToken, QuickAddTokenKind, ReminderInput } from "@tickler/domain"
import { parseQuickAdd, recurrenceLabel, titleWithout } from "@tickler/domain"
import type { Temporal } from "temporal-polyfill"
import { formatDue, formatInstant, formatMinutesBefore } from "../lib/format.ts"

export interface QuickAddChip {
  /** Stable while the user types elsewhere in the line: kind + the phrases. */
  readonly key: string
  readonly kind: QuickAddTokenKind
  readonly label: string
  /** The words it was read from, as typed. */
  readonly phrase: string
  /** The tokens dismissing it leaves in the title. */
  readonly tokenKeys: ReadonlyArray<string>
}

export interface QuickAddDraft {
  readonly title: string
  readonly chips: ReadonlyArray<QuickAddChip>
  readonly input: CreateTask & { readonly title: string }
}

interface Context {
  readonly now: Temporal.Instant
  readonly zone: string
}

export const tokenKey = (token: Pick<QuickAddToken, "kind" | "text">) => `${token.kind}:${token.text.toLowerCase()}`

const priorityLabels = {
  none: "No priority",
  low: "Low priority",
  medium: "Medium priority",
  high: "High priority",
  urgent: "Urgent"
}

const reminderLabel = (reminder: ReminderInput, zone: string) =>
  reminder.kind === "relative"
    ? `Remind ${formatMinutesBefore(reminder.minutesBefore).toLowerCase()}`
    : `Remind at ${formatInstant(reminder.at, zone)}`

const chipsOf = (parsed: ParsedQuickAdd, context: Context): Array<QuickAddChip> => {
  const tokens = (kind: QuickAddTokenKind) => parsed.tokens.filter((token) => token.kind === kind)
  const chip = (kind: QuickAddTokenKind, from: ReadonlyArray<QuickAddToken>, label: string) => ({
    chip: {
      key: from.map(tokenKey).join(" "),
      kind,
      label,
      phrase: from.map((token) => token.text).join(" … "),
      tokenKeys: from.map(tokenKey)
    },
    start: from[0]?.start ?? 0
  })
  const dueLabel = parsed.due && formatDue(parsed.due, context.zone, context.now).label
  const dueTokens = tokens("due")
  const parts = [
    ...(dueLabel === undefined || dueTokens.length === 0 ? [] : [chip("due", dueTokens, dueLabel)]),
    ...(parsed.recurrence === undefined
      ? []
      : [
          chip(
            "recurrence",
            tokens("recurrence"),
            // Without a date of its own the first due comes from the rule: say when.
            `${recurrenceLabel(parsed.recurrence)}${dueTokens.length === 0 && dueLabel ? ` · first ${dueLabel}` : ""}`
          )
        ]),
    ...tokens("tag").map((token, i) => chip("tag", [token], `#${parsed.tags[i]}`)),
    ...(parsed.priority === undefined ? [] : [chip("priority", tokens("priority"), priorityLabels[parsed.priority])]),
    ...tokens("reminder").map((token, i) =>
      chip("reminder", [token], reminderLabel(parsed.reminders[i]!, context.zone))
    )
  ]
  return parts.sort((a, b) => a.start - b.start).map((part) => part.chip)
}

export const draftQuickAdd = (text: string, dismissed: ReadonlySet<string>, context: Context): QuickAddDraft => {
  const first = parseQuickAdd(text, context)
  // Blank out dismissed phrases (same length, so the other phrases keep their offsets) and parse again.
  let visible = text
  for (const token of first.tokens) {
    if (dismissed.has(tokenKey(token))) {
      visible = visible.slice(0, token.start) + " ".repeat(token.end - token.start) + visible.slice(token.end)
    }
  }
  const parsed = visible === text ? first : parseQuickAdd(visible, context)
  // The title from the text as typed: dismissed phrases are back in it.
  const title = titleWithout(text, parsed.tokens)
  return {
    title,
    chips: chipsOf(parsed, context),
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
