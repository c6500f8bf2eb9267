import { InvalidInput, PASSWORD_LENGTH, passwordLengthMessage } from "@tickler/domain"
import { Effect } from "effect"

let loading: Promise<ReadonlySet<string>> | undefined

/**
 * zxcvbn's list of common passwords (49,233 of them, lowercase, from leaked-password frequency
 * lists), bundled with the package: checked offline, in any letter case. Loaded when a password is
 * first set, not at start: the package (all of zxcvbn's word lists) and the set hold ~4 MB, which a
 * process that only serves signed-in users never needs.
 */
const commonPasswords = Effect.promise(
  () =>
    (loading ??= import("@zxcvbn-ts/language-common").then(
      ({ dictionary }): ReadonlySet<string> => new Set(dictionary["passwords-common"])
    ))
)

/**
 * The rule for every password a user sets (sign-up, change, reset): 8–128 characters and not one of
 * the common ones. Fails naming `field`, the request's name for the new password.
 */
export const checkNewPassword = (field: string, password: string): Effect.Effect<void, InvalidInput> => {
  // Characters as the OpenAPI document counts them (code points: an emoji is one).
  const characters = [...password].length
  if (characters < PASSWORD_LENGTH.min || characters > PASSWORD_LENGTH.max)
    return Effect.fail(new InvalidInput({ field, message: passwordLengthMessage }))
  return Effect.flatMap(commonPasswords, (common) =>
    common.has(password.toLowerCase())
      ? Effect.fail(new InvalidInput({ field, message: "this password is among the most common ones; choose another" }))
      : Effect.void
  )
}
