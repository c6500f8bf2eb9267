import { Schema, SchemaTransformation } from "effect"

/**
 * PostgreSQL's text cannot hold U+0000: text with it is refused where it enters, naming the field,
 * instead of failing in the database. JSON Schema states it as a pattern (the `u` flag lets it export).
 */
// oxlint-disable-next-line no-control-regex -- U+0000 is exactly what this keeps out
export const noNul = Schema.isPattern(/^[^\u0000]*$/u, { message: "must not contain the NUL character (U+0000)" })

/** Text of at most `max` characters without NUL; the OpenAPI document states both. */
export const Text = (max: number, message: string) => Schema.String.check(Schema.isMaxLength(max, { message }), noNul)

/**
 * Text trimmed when decoded, of at most `max` characters as sent and not blank: rules on the text as sent,
 * so the OpenAPI document can state them exactly (JSON Schema has no "after trimming").
 */
export const TrimmedText = (max: number, message: string) =>
  Schema.String.check(Schema.isMaxLength(max, { message }), Schema.isPattern(/\S/u, { message }), noNul).pipe(
    Schema.decodeTo(Schema.String, SchemaTransformation.trim())
  )
