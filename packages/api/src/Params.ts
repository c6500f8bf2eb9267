import { Text } from "@tickler/domain"
import { Schema, SchemaTransformation } from "effect"

export const MAX_PAGE_SIZE = 200

/**
 * `limit`: a page of 1–200. Query strings are text, so the range is a pattern the OpenAPI document can
 * state (JSON Schema's minimum/maximum apply to numbers only); the server decodes exactly what it says.
 */
export const PageLimit = Schema.String.check(
  Schema.isPattern(/^(?:[1-9]|[1-9][0-9]|1[0-9]{2}|200)$/u, {
    message: `limit is a whole number from 1 to ${MAX_PAGE_SIZE}`
  })
).pipe(
  Schema.decodeTo(
    // The range again on the number, for those who take the type (the MCP tools' arguments are numbers).
    Schema.Int.check(
      Schema.isBetween({ minimum: 1, maximum: MAX_PAGE_SIZE }, { message: `limit is 1–${MAX_PAGE_SIZE}` })
    ),
    SchemaTransformation.numberFromString
  )
)

/** A `nextCursor` from an earlier page, passed back as is (base64url); one that was not is refused naming `cursor`. */
export const PageCursor = Schema.String.check(
  Schema.isMaxLength(4_096, { message: "a cursor is at most 4096 characters" }),
  Schema.isPattern(/^[A-Za-z0-9_-]+$/u, { message: "a cursor is a nextCursor from an earlier page" })
)

/** A path segment naming a tag, as the tag list spells it (the router takes path segments of up to 100). */
export const TagNameParam = Text(100, "a tag name is at most 100 characters")
