/**
 * Times of day: "5pm", "5 pm", "5:30pm", "17:00", "9:30", "at 9am", "at 17" (a bare hour only
 * after "at", as 24-hour time), "at noon", "at midnight"; and the parts of a day at fixed times
 * (`dayPartTimes`).
 */
import { Temporal } from "temporal-polyfill"
import { map, oneOf, type Phrase, seq, word, wordWhere } from "./Grammar.ts"
import { lookup } from "./Vocabulary.ts"

const time = (hour: number, minute = 0) => Temporal.PlainTime.from({ hour, minute })

/** What "tomorrow morning", "every evening", "tonight" (at night) mean. */
export const dayPartTimes: Readonly<Record<string, Temporal.PlainTime>> = {
  morning: time(9),
  noon: time(12),
  midday: time(12),
  afternoon: time(15),
  evening: time(19),
  night: time(20)
}

const twelveHour = (hour: string, minute: string | undefined, meridiem: string) => {
  const h = Number(hour)
  return h >= 1 && h <= 12 ? time((h % 12) + (meridiem.startsWith("p") ? 12 : 0), Number(minute ?? 0)) : undefined
}

/** "5pm", "5:30pm", "5.30pm". */
const joinedMeridiem = wordWhere((norm) => {
  const m = /^(\d{1,2})(?:[:.]([0-5]\d))?(am|pm|a\.m|p\.m)$/.exec(norm)
  return m === null ? undefined : twelveHour(m[1]!, m[2], m[3]!)
})

/** "5 pm", "5:30 pm". */
const spacedMeridiem = map(
  seq(
    wordWhere((norm) => /^(\d{1,2})(?:[:.]([0-5]\d))?$/.exec(norm) ?? undefined),
    word("am", "pm", "a.m", "p.m")
  ),
  ([m, meridiem]) => twelveHour(m[1]!, m[2], meridiem)
)

/** "17:00", "9:30". */
const twentyFourHour = wordWhere((norm) => {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(norm)
  return m === null ? undefined : time(Number(m[1]), Number(m[2]))
})

const clock = oneOf(joinedMeridiem, spacedMeridiem, twentyFourHour)

const afterAt = oneOf(
  clock,
  map(word("noon"), () => time(12)),
  map(word("midnight"), () => time(0)),
  wordWhere((norm) => (/^([01]?\d|2[0-3])$/.test(norm) ? time(Number(norm)) : undefined))
)

export const clockTime: Phrase<Temporal.PlainTime> = oneOf(
  clock,
  map(seq(word("at"), afterAt), ([, t]) => t)
)

const dayPartWord = wordWhere((norm) => lookup(dayPartTimes, norm))

/** "morning", "in the morning", "at night". */
export const dayPart: Phrase<Temporal.PlainTime> = oneOf(
  dayPartWord,
  map(seq(word("in"), word("the"), dayPartWord), ([, , t]) => t),
  map(seq(word("at"), word("night")), () => dayPartTimes["night"])
)

export const timeOfDay: Phrase<Temporal.PlainTime> = oneOf(clockTime, dayPart)
