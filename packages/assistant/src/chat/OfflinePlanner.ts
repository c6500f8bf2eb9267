/**
 * What the assistant understands without a language model: the common requests, by pattern,
 * deterministically. Dates, times, recurrence, tags and priority in "add" requests are left to the
 * quick-add parser, and "show" accepts the filter language itself.
 */
import { parseFilterQuery } from "@tickler/domain"
import { Result } from "effect"

export type OfflinePlan =
  | { readonly kind: "add"; readonly text: string }
  | {
      readonly kind: "show"
      readonly heading: string
      readonly query: { readonly filter?: string; readonly q?: string; readonly status?: "completed" }
    }
  | { readonly kind: "tags" }
  | { readonly kind: "views" }
  | { readonly kind: "act"; readonly action: "complete" | "reopen" | "delete"; readonly title: string }
  | { readonly kind: "remind"; readonly title: string; readonly minutesBefore: number }
  | { readonly kind: "help" }

/** The words of a title as the user wrote it, without quotes or "the task". */
const cleanTitle = (text: string) =>
  text
    .trim()
    .replace(/^(?:the\s+|my\s+)?(?:task\s+)?/i, "")
    .replace(/^["'“‘](.*)["'”’]$/, "$1")
    .trim()

const minutesOf = (amount: number, unit: string) =>
  /^h/i.test(unit)
    ? amount * 60
    : /^d/i.test(unit)
      ? amount * 24 * 60
      : /^w/i.test(unit)
        ? amount * 7 * 24 * 60
        : amount

/** Named lists, as people ask for them. */
const lists: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/\boverdue\b|\blate\b|\bmissed\b/i, "Overdue", "overdue"],
  [/\btoday\b|\btonight\b/i, "Today", "(today | overdue) & open"],
  [/\btomorrow\b/i, "Tomorrow", "tomorrow & open"],
  [/\b(?:this|next|coming)\s+week\b|\bnext\s+7\s+days\b|\bupcoming\b|\bsoon\b/i, "Next 7 days", "next 7 days & open"],
  [/\b(?:urgent|important|high[- ]priority)\b/i, "High priority", "priority >= high & open"],
  [/\brecurring\b|\brepeating\b/i, "Recurring", "recurring & open"],
  [/\bno (?:due )?date\b|\bundated\b|\bsomeday\b/i, "No date", "no date & open"]
]

const SHOW =
  /^(?:show(?: me)?|list|display|view|get|what(?:'s| is| are| do i have)|which tasks (?:are|do i have)|open)\b\s*/i

export const planOffline = (input: string): OfflinePlan => {
  const text = input
    .trim()
    .replace(/[.!?]+$/, "")
    .replace(/^(?:please|pls|hey|ok|okay),?\s+/i, "")
    .replace(/,?\s+please$/i, "")
    .trim()
  let m: RegExpExecArray | null

  if (/^(?:help|\?|what can you do|how does this work)\b/i.test(text)) return { kind: "help" }

  // "remind me about X 30 minutes before": a reminder on a task that exists.
  if (
    (m =
      /^(?:set (?:a )?reminder|add (?:a )?reminder|remind me)\s+(?:for|about|of|on)\s+(.+?)\s+(\d{1,4})\s*(m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)\s+(?:before|earlier|ahead)$/i.exec(
        text
      ))
  ) {
    return { kind: "remind", title: cleanTitle(m[1]!), minutesBefore: minutesOf(Number(m[2]), m[3]!) }
  }

  if ((m = /^mark\s+(.+?)\s+as\s+(done|complete|completed|finished|not done|undone|open|incomplete)$/i.exec(text))) {
    return {
      kind: "act",
      action: /^(not done|undone|open|incomplete)$/i.test(m[2]!) ? "reopen" : "complete",
      title: cleanTitle(m[1]!)
    }
  }
  if (
    (m =
      /^(?:complete|finish|finished|done with|done|check off|tick off|close|i (?:have )?(?:finished|did|completed)|i've (?:finished|done|completed))\s+(.+)$/i.exec(
        text
      ))
  ) {
    return { kind: "act", action: "complete", title: cleanTitle(m[1]!) }
  }
  if ((m = /^(?:reopen|re-open|uncomplete|undo|unmark)\s+(.+)$/i.exec(text))) {
    return { kind: "act", action: "reopen", title: cleanTitle(m[1]!) }
  }
  if ((m = /^(?:delete|remove|drop|trash|get rid of|cancel)\s+(.+)$/i.exec(text))) {
    return { kind: "act", action: "delete", title: cleanTitle(m[1]!) }
  }

  if ((m = /^(?:search|find|look for|search for)\s+(?:for\s+)?(.+)$/i.exec(text))) {
    return { kind: "show", heading: `Matching "${cleanTitle(m[1]!)}"`, query: { q: cleanTitle(m[1]!) } }
  }
  if (/^(?:show|list|what are|display)?\s*(?:my|all)?\s*tags$/i.test(text)) return { kind: "tags" }
  if (/^(?:show|list|display)?\s*(?:my|all)?\s*(?:saved\s+)?(?:views|filters)$/i.test(text)) return { kind: "views" }
  if ((m = /^filter:?\s+(.+)$/i.exec(text))) return { kind: "show", heading: m[1]!, query: { filter: m[1]! } }

  if (SHOW.test(text) || /^(?:tasks|todos|to-dos)\b/i.test(text)) {
    const rest = text.replace(SHOW, "").trim()
    const isFilter = rest !== "" && Result.isSuccess(parseFilterQuery(rest))
    // The filter language as written: "show p1 & #work".
    if (isFilter && /[&|!():]/.test(rest)) return { kind: "show", heading: rest, query: { filter: rest } }
    if (/\b(?:completed|done|finished)\b/i.test(rest)) {
      return { kind: "show", heading: "Completed", query: { status: "completed" } }
    }
    const tag = /#([^\s#,&|()!]+)|\b(?:tagged|tag)\s+([^\s#,&|()!]+)/i.exec(rest)
    if (tag !== null) {
      const name = tag[1] ?? tag[2]!
      return { kind: "show", heading: `#${name}`, query: { filter: `#${name} & open` } }
    }
    for (const [pattern, heading, filter] of lists) {
      if (pattern.test(rest)) return { kind: "show", heading, query: { filter } }
    }
    if (isFilter) return { kind: "show", heading: rest, query: { filter: rest } }
    return { kind: "show", heading: "Open tasks", query: {} }
  }

  if (
    (m =
      /^(?:add|create|new|todo|to-do|to do)\b\s*(?:a\s+)?(?:new\s+)?(?:task|todo|to-do)?\s*(?::|to\b|called\b|named\b)?\s*(.+)$/i.exec(
        text
      ))
  ) {
    return { kind: "add", text: m[1]!.trim() }
  }
  if (
    (m =
      /^(?:remind me to|i need to|i have to|i must|i should|don'?t (?:let me )?forget to|don'?t forget)\s+(.+)$/i.exec(
        text
      ))
  ) {
    return { kind: "add", text: m[1]!.trim() }
  }
  // A question it cannot answer gets help; anything else is a task to add, as quick add would take it.
  if (/\?\s*$/.test(input) || /^(?:who|why|how|when|where|can|could|would|will|is|are|do|does)\b/i.test(text)) {
    return { kind: "help" }
  }
  return { kind: "add", text }
}
