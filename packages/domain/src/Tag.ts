import { Schema, SchemaTransformation } from "effect"

export const MAX_TAG_LENGTH = 50
export const MAX_TAGS_PER_TASK = 20

/**
 * A tag name: 1–50 characters without whitespace or any of `# , & | ( ) !` (so quick add and filters can
 * name it), trimmed; one pattern on the name as sent, so the OpenAPI document states the whole rule.
 */
export const TagName = Schema.String.check(
  Schema.isPattern(new RegExp(`^\\s*[^\\s#,&|()!\\u0000]{1,${MAX_TAG_LENGTH}}\\s*$`, "u"), {
    message: `a tag is 1–${MAX_TAG_LENGTH} characters, without spaces or any of # , & | ( ) !`
  })
).pipe(Schema.decodeTo(Schema.String, SchemaTransformation.trim()))
export type TagName = typeof TagName.Type

/** Tags are unique per user case-insensitively; this key is what the database compares. */
export const tagKey = (name: string): string => name.trim().toLocaleLowerCase("en-US")

export const TagList = Schema.Array(TagName).check(
  Schema.isMaxLength(MAX_TAGS_PER_TASK, { message: `at most ${MAX_TAGS_PER_TASK} tags per task` })
)

/** Drops case-insensitive duplicates, keeping the first spelling. */
export const dedupeTags = (tags: ReadonlyArray<string>): Array<string> => {
  const seen = new Set<string>()
  return tags.filter((tag) => {
    const key = tagKey(tag)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

export class TagWithCount extends Schema.Class<TagWithCount>("tickler/domain/TagWithCount")({
  name: Schema.String,
  openCount: Schema.Int,
  totalCount: Schema.Int
}) {}
