/**
 * The words quick add reads and the recurrence labels write: weekdays, months, numbers and
 * ordinals. One table for both directions, so a label reads back as the rule it describes.
 */

/** Own keys only: a word like "__proto__" must not find Object.prototype. */
export const lookup = <A>(record: Readonly<Record<string, A>>, key: string): A | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined

/** Each list's index + 1 is the value; every spelling in a list maps to it. */
const spellings = (lists: ReadonlyArray<ReadonlyArray<string>>): Record<string, number> =>
  Object.fromEntries(lists.flatMap((names, i) => names.map((name) => [name, i + 1])))

export const weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const

const weekdayWords = spellings([
  ["monday", "mon"],
  ["tuesday", "tue", "tues"],
  ["wednesday", "wed"],
  ["thursday", "thu", "thur", "thurs"],
  ["friday", "fri"],
  ["saturday", "sat"],
  ["sunday", "sun"]
])

/** "fri" → 5 (Temporal's `dayOfWeek`, Monday = 1). */
export const weekdayOf = (word: string): number | undefined => lookup(weekdayWords, word)

/** "mondays" → 1: a plural weekday means every such day. */
export const pluralWeekdayOf = (word: string): number | undefined =>
  word.endsWith("s") ? lookup(weekdayWords, word.slice(0, -1)) : undefined

export const monthNames = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December"
] as const

const monthWords = spellings(monthNames.map((name) => [name.toLowerCase(), name.slice(0, 3).toLowerCase()]))
monthWords["sept"] = 9

/** "dec" → 12. */
export const monthOf = (word: string): number | undefined => lookup(monthWords, word)

const numberWords: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12
}

/** "3", "three", "a" → a count from 1 to `max`. */
export const amountOf = (word: string, max: number): number | undefined => {
  const n = /^\d{1,4}$/.test(word) ? Number(word) : lookup(numberWords, word)
  return n !== undefined && n >= 1 && n <= max ? n : undefined
}

const ordinalWords: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, last: -1 }

/** "1st", "22nd", "third" → the number; "last" → -1. */
export const ordinalOf = (word: string): number | undefined => {
  const numeric = /^(\d{1,2})(?:st|nd|rd|th)$/.exec(word)
  if (numeric !== null) return Number(numeric[1]) || undefined
  return lookup(ordinalWords, word)
}

/** 1 → "1st", 22 → "22nd", 13 → "13th". */
export const formatOrdinal = (n: number): string => {
  const mod100 = n % 100
  const suffix = mod100 >= 11 && mod100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")
  return `${n}${suffix}`
}

/** 1 → "1st", -1 → "last", -2 → "2nd to last". */
export const formatOrdinalFromEnd = (n: number): string =>
  n > 0 ? formatOrdinal(n) : n === -1 ? "last" : `${formatOrdinal(-n)} to last`

/** ["a", "b", "c"] → "a, b and c". */
export const joinAnd = (items: ReadonlyArray<string>): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`
