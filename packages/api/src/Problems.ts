import { Schema } from "effect"
import { HttpApiError } from "effect/http-api"

/**
 * Well-formed input that breaks a rule spanning several fields or the stored state, as an RFC 9457
 * problem document naming the field (a JSON path into the request) and the rule (`detail`).
 * It keeps the domain error's tag, so clients handle it the same way.
 */
export class InvalidInputProblem extends HttpApiError.Problem<InvalidInputProblem>()(
  "InvalidInput",
  { type: "https://tickler.dev/problems/invalid-input", status: 422, title: "Invalid input" },
  { field: Schema.String }
) {}
