import { Schema, SchemaTransformation } from "effect"

/**
 * PostgreSQL's text cannot hold U+0000: text with it is refused where it enters, naming the field,
 * instead of failing in the database. JSON Schema states it as a pattern (the `u` flag lets it export).
 */
// oxlint-disable-next-line no-control-regex -- U+0000 is exactly what this keeps out
export const noNul = Schema.isPattern(/^[^\u0000]*$/u, { message: "must not contain the NUL character (U+0000)" })

/**
 * Between `min` and `max` characters as JSON Schema counts them (code points: `length` counts UTF-16
 * units, an emoji as two), so a text the document allows is never refused as too long.
 */
export const isCharacters = (min: number, max: number, message: string) => {
  const within = (text: string) => {
    // A text has between length / 2 and length code points: count them only when that leaves it open.
    if (text.length <= max && text.length / 2 >= min) return true
    const points = [...text].length
    return points >= min && points <= max
  }
  return Schema.makeFilter((text: string) => within(text) || message, {
    toJsonSchema: () => (min > 0 ? { minLength: min, maxLength: max } : { maxLength: max })
  })
}

/** Text of at most `max` characters without NUL; the OpenAPI document states both. */
export const Text = (max: number, message: string) => Schema.String.check(isCharacters(0, max, message), noNul)

/**
 * Text trimmed when decoded, of at most `max` characters as sent and not blank: rules on the text as sent,
 * so the OpenAPI document can state them exactly (JSON Schema has no "after trimming").
 */
export const TrimmedText = (max: number, message: string) =>
  Schema.String.check(isCharacters(0, max, message), Schema.isPattern(/\S/u, { message }), noNul).pipe(
    Schema.decodeTo(Schema.String, SchemaTransformation.trim())
  )
