import { Effect } from "effect"
import { createHash } from "node:crypto"

/**
 * A user id as log lines carry it: the first 16 hex digits of its SHA-256. Readers of the logs see
 * which lines belong to one user without learning who; an operator finds a user's lines by hashing
 * the id they were given.
 */
export const hashUserId = (userId: string): string => {
  let hash = hashes.get(userId)
  if (hash === undefined) {
    if (hashes.size >= MAX_HASHES) hashes.clear()
    hash = createHash("sha256").update(userId).digest("hex").slice(0, 16)
    hashes.set(userId, hash)
  }
  return hash
}

/** Every request labels its lines with its user: each user's hash is made once (forgotten all at once past the bound). */
const hashes = new Map<string, string>()
const MAX_HASHES = 10_000

/**
 * The lines `effect` logs, labelled with the part of the product doing the work (an API area, a
 * consumer, a background loop) and, when known, the hashed user it works for.
 */
export const annotateWork =
  (module: string, userId?: string) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.annotateLogs(effect, userId === undefined ? { module } : { module, user: hashUserId(userId) })
