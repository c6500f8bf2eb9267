import { Effect, Schema, SchemaIssue } from "effect"

/** Why a tool call did not do what was asked, in words for the model and the user (it names the field). */
export class ToolFailure extends Schema.TaggedError<ToolFailure>()("ToolFailure", { message: Schema.String }) {}

/** A JSON Schema object, as MCP and OpenAI-compatible tool calling take it. */
export type JsonSchema = { readonly type: "object" } & Record<string, unknown>

export interface ToolHints {
  /** Only reads: safe to run without asking. */
  readonly readOnly: boolean
  /** Deletes or overwrites what cannot be brought back: the assistant asks before running it. */
  readonly destructive: boolean
  /** Running it twice with the same arguments has the effect of running it once. */
  readonly idempotent: boolean
}

/**
 * One tool, defined once: the MCP server lists and calls it, and the chat agent plans with it
 * through MCP. Arguments and results are described by the domain's own schemas.
 */
export interface Tool<R> {
  readonly name: string
  readonly title: string
  readonly description: string
  readonly hints: ToolHints
  readonly inputSchema: JsonSchema
  readonly outputSchema: JsonSchema
  /** Decodes `args`, runs the tool for `userId` and returns its result as JSON. */
  readonly call: (userId: string, args: unknown) => Effect.Effect<Record<string, unknown>, ToolFailure, R>
}

type ObjectCodec = Schema.Codec<any, any, never, never>

/** A `$ref` to `#/$defs/<name>` (a JSON pointer: `~1` is `/`, `~0` is `~`), as the name. */
const refName = (ref: unknown) =>
  typeof ref === "string" && ref.startsWith("#/$defs/")
    ? ref.slice(8).replaceAll("~1", "/").replaceAll("~0", "~")
    : undefined

/**
 * The JSON Schema of what `schema` accepts as JSON, with its named parts under `$defs`. Tools need
 * `type: "object"` at the root: a named schema there (a class such as `Task`) is inlined, and an
 * empty struct is an object without properties.
 */
export const jsonSchemaOf = (schema: ObjectCodec): JsonSchema => {
  const { schema: root, definitions } = Schema.toJsonSchemaDocument(schema, { onExcessProperty: "error" })
  const name = refName(root["$ref"])
  const { [name ?? ""]: named, ...rest } = definitions
  const [body, defs] = name !== undefined && named !== undefined ? [named, rest] : [root, definitions]
  const object = body["type"] === "object" ? body : { type: "object", properties: {}, additionalProperties: false }
  return { ...object, ...(Object.keys(defs).length > 0 ? { $defs: defs } : {}) } as JsonSchema
}

const formatIssue = SchemaIssue.makeFormatterStandardSchemaV1()

/** "due.date: use YYYY-MM-DD; title: Missing key": every problem with the path of the field it is in. */
export const describeIssue = (issue: SchemaIssue.Issue): string =>
  formatIssue(issue)
    .issues.map(({ path, message }) => {
      const field = (path ?? []).map((key) => (typeof key === "object" ? String(key.key) : String(key))).join(".")
      return field === "" ? message : `${field}: ${message}`
    })
    .join("; ")

export const defineTool = <I extends ObjectCodec, O extends ObjectCodec, R>(definition: {
  readonly name: string
  readonly title: string
  readonly description: string
  readonly hints: ToolHints
  readonly input: I
  readonly output: O
  readonly run: (userId: string, input: I["Type"]) => Effect.Effect<O["Type"], ToolFailure, R>
}): Tool<R> => {
  const decode = Schema.decodeUnknownEffect(definition.input)
  const encode = Schema.encodeEffect(definition.output)
  return {
    name: definition.name,
    title: definition.title,
    description: definition.description,
    hints: definition.hints,
    inputSchema: jsonSchemaOf(definition.input),
    outputSchema: jsonSchemaOf(definition.output),
    call: (userId, args) =>
      decode(args ?? {}, { onExcessProperty: "error", errors: "all" }).pipe(
        Effect.mapError((error) => new ToolFailure({ message: `invalid arguments: ${describeIssue(error.issue)}` })),
        Effect.flatMap((input) => definition.run(userId, input)),
        Effect.flatMap((output) => Effect.orDie(encode(output))),
        Effect.map((json) => json as Record<string, unknown>),
        Effect.withSpan(`Tool.${definition.name}`)
      )
  }
}
