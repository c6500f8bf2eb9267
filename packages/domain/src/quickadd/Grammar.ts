/**
 * The building blocks of the quick-add grammar: the text as words, and phrases composed from
 * smaller phrases. A phrase looks at the words from one index and either matches, saying what it
 * means and where it ended, or does not; alternatives are tried in order and the first match wins.
 */
import type { Temporal } from "temporal-polyfill"

export interface Word {
  readonly text: string
  /** Lower case without trailing punctuation (`monday,` in a list, `tomorrow.` at the end). */
  readonly norm: string
  readonly start: number
  readonly end: number
}

export const splitWords = (text: string): Array<Word> =>
  [...text.matchAll(/\S+/gu)].map((m) => ({
    text: m[0],
    norm: m[0].toLowerCase().replace(/[,.;:?]+$/u, ""),
    start: m.index,
    end: m.index + m[0].length
  }))

/** What every phrase may read: the words, and when and where "now" is. */
export interface Input {
  readonly words: ReadonlyArray<Word>
  /** Now on the user's wall clock. */
  readonly now: Temporal.ZonedDateTime
  readonly today: Temporal.PlainDate
}

export interface Match<A> {
  readonly value: A
  /** The index of the first word after the phrase. */
  readonly next: number
}

export type Phrase<A> = (input: Input, at: number) => Match<A> | undefined

/** One word, read by `read` (from its normalised form); `undefined` means no match. */
export const wordWhere =
  <A>(read: (norm: string) => A | undefined): Phrase<A> =>
  (input, at) => {
    const word = input.words[at]
    const value = word === undefined ? undefined : read(word.norm)
    return value === undefined ? undefined : { value, next: at + 1 }
  }

/** One word out of `forms`. */
export const word = (...forms: ReadonlyArray<string>): Phrase<string> =>
  wordWhere((norm) => (forms.includes(norm) ? norm : undefined))

type Values<P extends ReadonlyArray<Phrase<unknown>>> = {
  readonly [K in keyof P]: P[K] extends Phrase<infer A> ? A : never
}

/** The phrases one after the other. */
export const seq =
  <const P extends ReadonlyArray<Phrase<unknown>>>(...parts: P): Phrase<Values<P>> =>
  (input, at) => {
    const values: Array<unknown> = []
    let next = at
    for (const part of parts) {
      const m = part(input, next)
      if (m === undefined) return undefined
      values.push(m.value)
      next = m.next
    }
    return { value: values as unknown as Values<P>, next }
  }

/** The first alternative that matches. */
export const oneOf =
  <A>(...alternatives: ReadonlyArray<Phrase<A>>): Phrase<A> =>
  (input, at) => {
    for (const alternative of alternatives) {
      const m = alternative(input, at)
      if (m !== undefined) return m
    }
    return undefined
  }

/** The phrase, or nothing (matching no words). */
export const optional =
  <A>(phrase: Phrase<A>): Phrase<A | undefined> =>
  (input, at) =>
    phrase(input, at) ?? { value: undefined, next: at }

/** A phrase whose meaning is computed from what it matched; `undefined` turns the match down. */
export const map =
  <A, B>(phrase: Phrase<A>, meaning: (value: A, input: Input) => B | undefined): Phrase<B> =>
  (input, at) => {
    const m = phrase(input, at)
    if (m === undefined) return undefined
    const value = meaning(m.value, input)
    return value === undefined ? undefined : { value, next: m.next }
  }

/** No list in a calendar is longer (the days of a month); the bound also keeps reading linear. */
const MAX_LIST_ITEMS = 31

/**
 * Items joined by commas and "and": "mon, wed and fri", "jan, apr, jul, oct", "1st & 15th"; with
 * `unseparated`, also side by side ("mon wed fri"). A separator that leads to no item is left
 * unread ("every monday, then yoga" stops after monday).
 */
export const listOf =
  <A>(item: Phrase<A>, options: { readonly unseparated?: boolean } = {}): Phrase<Array<A>> =>
  (input, at) => {
    const first = item(input, at)
    if (first === undefined) return undefined
    const values = [first.value]
    let next = first.next
    while (values.length < MAX_LIST_ITEMS) {
      const comma = input.words[next - 1]!.text.endsWith(",")
      const and = input.words[next]?.norm === "and" || input.words[next]?.norm === "&" ? 1 : 0
      if (!comma && and === 0 && options.unseparated !== true) break
      const m = item(input, next + and)
      if (m === undefined) break
      values.push(m.value)
      next = m.next
    }
    return { value: values, next }
  }
