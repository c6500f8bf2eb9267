import type { SqlClient } from "effect/sql/SqlClient"

/** Words of a search, each matched as a stemmed prefix: "meet rep" finds "meeting report". */
export const prefixTsQuery = (text: string): string | undefined => {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  return words.length === 0
    ? undefined
    : words
        .slice(0, 16)
        .map((word) => `${word}:*`)
        .join(" & ")
}

/**
 * Similarity below which a title is no fuzzy match. Low enough to forgive a swapped pair of letters
 * ("dentsit"); fuzzy matches rank below word matches, so looser hits sink to the end.
 */
const FUZZY_THRESHOLD = 0.3

/** Matches stemmed prefixes in title and description, or a typo-tolerant trigram match on the title. */
export const searchCondition = (sql: SqlClient, text: string, tsQuery: string | undefined) => {
  const fuzzy = text.trim().length >= 3 ? sql`word_similarity(${text}, t.title) >= ${FUZZY_THRESHOLD}` : sql`false`
  return tsQuery === undefined ? fuzzy : sql`(t.search @@ to_tsquery('english', ${tsQuery}) or ${fuzzy})`
}
