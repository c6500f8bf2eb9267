/**
 * Tags: `#tag`, and Todoist's `@label` (its labels are Tickler's tags). `#123` is an issue number,
 * not a tag: a tag needs a character other than a digit.
 */
import { MAX_TAG_LENGTH } from "../Tag.ts"
import type { Phrase } from "./Grammar.ts"

export const tag: Phrase<string> = (input, at) => {
  const word = input.words[at]
  const m = word === undefined ? null : /^[#@]([^\s#,&|()!]+)$/u.exec(word.text.replace(/[,.;:?]+$/u, ""))
  const name = m?.[1]
  return name !== undefined && name.length <= MAX_TAG_LENGTH && /\D/u.test(name)
    ? { value: name, next: at + 1 }
    : undefined
}
