import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js"
import ajvFormats from "ajv-formats"
import * as fc from "fast-check"
import { escapePointer, invalidValue, validValue, type JsonSchema, type SchemaContext } from "./JsonSchemaArbitrary.ts"

/** Where a value goes in a request. */
export interface Parameter {
  readonly name: string
  readonly in: "path" | "query"
  readonly required: boolean
  /** JSON pointer to its schema in the document. */
  readonly schema: string
}

export interface Operation {
  readonly id: string
  readonly method: string
  /** As the document writes it, e.g. `/api/tasks/{id}`. */
  readonly path: string
  readonly parameters: ReadonlyArray<Parameter>
  readonly body: { readonly schema: string; readonly required: boolean } | undefined
  /** Each documented status, with its media types and their schemas' pointers (undefined: no schema). */
  readonly responses: ReadonlyMap<number, ReadonlyMap<string, string | undefined>>
}

/** A path parameter: literal text, or one of the caller's (own) or another user's (foreign) real resources. */
export type PathValue = { readonly text: string } | { readonly real: "own" | "foreign"; readonly pick: number }

export type Body =
  | { readonly kind: "none" }
  | { readonly kind: "json"; readonly value: unknown }
  | { readonly kind: "malformed"; readonly text: string }
  /** A JSON body padded with whitespace past the body limit. */
  | { readonly kind: "oversized"; readonly value: unknown }

export interface RequestDraft {
  readonly path: Readonly<Record<string, PathValue>>
  readonly query: Readonly<Record<string, string>>
  readonly body: Body
}

/** What the document says about a request: acceptable, or which answers it must get and why. */
export type Verdict =
  | { readonly valid: true }
  | {
      readonly valid: false
      readonly expected: ReadonlyArray<number>
      readonly why: string
      /** The parameters or top-level body properties at fault (a request may break several rules): an answer names one. */
      readonly fields: ReadonlyArray<string>
    }

/** docs/api.md: JSON bodies over 256 kB answer 413. This padding is past it in kB and in KiB. */
const OVERSIZE_PADDING = 300_000
const MALFORMED_JSON = ["", "{", "nul", "{'a':1}", '{"a":}', "\u0000"]
const NO_BODY: Body = { kind: "none" }

const DOCUMENT_ID = "openapi.json"
const METHODS = ["get", "put", "post", "patch", "delete", "head", "options", "trace"]

/** The served OpenAPI 3.1 document: its operations, and ajv (2020-12, with formats) over its schemas. */
export class OpenApiDocument {
  readonly operations: ReadonlyArray<Operation>
  /** The methods each path documents, upper-case. */
  readonly methods: ReadonlyMap<string, ReadonlyArray<string>>
  private readonly ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true })
  private readonly document: { readonly paths: Record<string, Record<string, any>> }

  constructor(document: { readonly paths: Record<string, Record<string, any>> }) {
    this.document = document
    // A CommonJS module: its `default` is the plugin under NodeNext's typing and at run time alike.
    ajvFormats.default(this.ajv)
    // The document's top-level fields are not JSON Schema keywords; ajv resolves pointers through them.
    this.ajv.addVocabulary(Object.keys(document))
    this.ajv.addSchema(document, DOCUMENT_ID)
    this.operations = Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method] !== undefined).map((method) => this.operation(path, method, item[method]))
    )
    this.methods = new Map(
      Object.entries(document.paths).map(([path, item]) => [
        path,
        METHODS.filter((method) => item[method] !== undefined).map((method) => method.toUpperCase())
      ])
    )
  }

  /**
   * Names of the fields whose rule goes beyond JSON Schema: the document gives them `examples` (docs/api.md:
   * a time zone that exists, an RRULE the grammar takes, a date on the calendar), and a 400 on one of them
   * is a documented refusal.
   */
  get fieldsWithRulesBeyondSchema(): ReadonlySet<string> {
    const names = new Set<string>()
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit)
      if (typeof node !== "object" || node === null) return
      const record = node as Record<string, unknown>
      for (const [name, schema] of Object.entries((record["properties"] ?? {}) as Record<string, unknown>)) {
        if (typeof schema === "object" && schema !== null && "examples" in schema) names.add(name)
      }
      if (typeof record["name"] === "string" && (record["schema"] as { examples?: unknown } | undefined)?.examples)
        names.add(record["name"])
      Object.values(record).forEach(visit)
    }
    visit(this.document)
    return names
  }

  at(pointer: string): JsonSchema {
    return pointer
      .split("/")
      .slice(1)
      .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((node: any, token) => node?.[token], this.document)
  }

  /** Why `value` breaks the schema at `pointer`; empty when it satisfies it. */
  errors(pointer: string, value: unknown): ReadonlyArray<ErrorObject> {
    const validate = this.ajv.getSchema(`${DOCUMENT_ID}#${pointer}`)
    if (validate === undefined) throw new Error(`no schema at ${pointer}`)
    return validate(value) ? [] : (validate.errors ?? [])
  }

  context(examples: SchemaContext["examples"]): SchemaContext {
    return {
      at: (pointer) => this.at(pointer),
      accepts: (pointer, value) => this.errors(pointer, value).length === 0,
      examples
    }
  }

  /** Why a response breaks what the document says of its status; undefined when it does not. */
  responseProblem(operation: Operation, status: number, contentType: string | null, body: unknown) {
    const content = operation.responses.get(status)
    if (content === undefined || content.size === 0) return undefined
    const sent = contentType?.split(";")[0]?.trim() ?? "(none)"
    // A problem document (RFC 9457) is JSON: it answers for an application/json that is documented.
    const mediaType = sent === "application/problem+json" && !content.has(sent) ? "application/json" : sent
    if (!content.has(mediaType)) return `a ${status} as ${sent}, documented as ${[...content.keys()].join(", ")}`
    const schema = content.get(mediaType)
    // Only JSON bodies are checked against a schema (a stream's schema describes its events).
    const errors = schema === undefined || !/[/+]json$/.test(mediaType) ? [] : this.errors(schema, body)
    return errors.length === 0 ? undefined : `the ${status} body breaks its schema: ${this.ajv.errorsText([...errors])}`
  }

  private operation(path: string, method: string, operation: any): Operation {
    const pointer = `/paths/${escapePointer(path)}/${method}`
    const parameters = ((operation.parameters ?? []) as Array<any>).map((parameter, index): Parameter => {
      if (parameter.in !== "path" && parameter.in !== "query") {
        throw new Error(`${operation.operationId}: ${parameter.in} parameters are not generated yet`)
      }
      const schema = `${pointer}/parameters/${index}/schema`
      // A URL carries text: other types would need the parameter's serialisation style.
      if ((this.at(schema) as { type?: unknown }).type !== "string") {
        throw new Error(`${operation.operationId}: parameter ${parameter.name} is not a string`)
      }
      return { name: parameter.name, in: parameter.in, required: parameter.required === true, schema }
    })
    const content = operation.requestBody?.content ?? {}
    const mediaTypes = Object.keys(content)
    if (mediaTypes.some((mediaType) => mediaType !== "application/json")) {
      throw new Error(`${operation.operationId}: request bodies other than JSON are not generated yet`)
    }
    const responses = new Map(
      Object.entries(operation.responses as Record<string, any>).map(([status, response]) => [
        Number(status),
        new Map(
          Object.entries((response.content ?? {}) as Record<string, { schema?: unknown }>).map(
            ([mediaType, media]): [string, string | undefined] => [
              mediaType,
              media.schema === undefined
                ? undefined
                : `${pointer}/responses/${status}/content/${escapePointer(mediaType)}/schema`
            ]
          )
        )
      ])
    )
    return {
      id: operation.operationId,
      method: method.toUpperCase(),
      path,
      parameters,
      body:
        mediaTypes.length === 0
          ? undefined
          : {
              schema: `${pointer}/requestBody/content/application~1json/schema`,
              required: operation.requestBody.required === true
            },
      responses
    }
  }

  /** Judges a request as it will be sent (path parameters resolved to text). */
  verdict(operation: Operation, path: Readonly<Record<string, string>>, request: RequestDraft): Verdict {
    const invalid = (
      why: string,
      fields: ReadonlyArray<string> = [],
      expected: ReadonlyArray<number> = [400, 422]
    ): Verdict => ({ valid: false, expected, why, fields })
    const { body } = request
    if (body.kind === "oversized") return invalid("the body is over the 256 kB limit", [], [413])
    for (const parameter of operation.parameters) {
      const value = parameter.in === "path" ? path[parameter.name] : request.query[parameter.name]
      if (value === undefined) {
        if (parameter.required)
          return invalid(`the ${parameter.in} parameter ${parameter.name} is missing`, [parameter.name])
        continue
      }
      const errors = this.errors(parameter.schema, value)
      // A path that breaks a path parameter's rule may also be no path at all: 404 says so as well.
      if (errors.length > 0)
        return invalid(
          `${parameter.name} ${this.ajv.errorsText([...errors])}`,
          [parameter.name],
          parameter.in === "path" ? [400, 404, 422] : [400, 422]
        )
    }
    if (operation.body === undefined) return { valid: true }
    if (body.kind === "none") return operation.body.required ? invalid("the body is missing") : { valid: true }
    const parsed = body.kind === "json" ? { value: body.value } : parseJson(body.text)
    if (parsed === undefined) return invalid("the body is not JSON", [], [400])
    const errors = this.errors(operation.body.schema, parsed.value)
    if (errors.length === 0) return { valid: true }
    return invalid(
      `body ${this.ajv.errorsText([...errors], { dataVar: "" })}`,
      errors.flatMap((error) => topLevelField(error) ?? [])
    )
  }
}

const parseJson = (text: string): { value: unknown } | undefined => {
  try {
    return { value: JSON.parse(text) }
  } catch {
    return undefined
  }
}

/** The body property an error is about: the first step of its path, or the property missing or extra. */
const topLevelField = (error: ErrorObject): string | undefined => {
  const [first] = error.instancePath.split("/").slice(1)
  if (first !== undefined) return first.replace(/~1/g, "/").replace(/~0/g, "~")
  const params = error.params as { missingProperty?: string; additionalProperty?: string }
  return params.missingProperty ?? params.additionalProperty
}

/** The URL of a request, path parameters filled in. */
export const urlOf = (
  operation: Operation,
  path: Readonly<Record<string, string>>,
  query: Readonly<Record<string, string>>
) => {
  const search = new URLSearchParams(query).toString()
  const filled = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(path[name]!))
  return search === "" ? filled : `${filled}?${search}`
}

export const bodyText = (body: Body): string | undefined => {
  switch (body.kind) {
    case "none":
      return undefined
    case "json":
      return JSON.stringify(body.value)
    case "malformed":
      return body.text
    case "oversized":
      return JSON.stringify(body.value) + " ".repeat(OVERSIZE_PADDING)
  }
}

/** `.` and `..` are not path segments a URL can carry (they are resolved away), nor is an empty one. */
const isPathSegment = (value: unknown): value is string =>
  typeof value === "string" && value !== "" && value !== "." && value !== ".."

const onlyText = (arbitrary: fc.Arbitrary<unknown>) =>
  arbitrary.filter((value): value is string => typeof value === "string")

const pathValue = (context: SchemaContext, parameter: Parameter): fc.Arbitrary<PathValue> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.nat().map((pick): PathValue => ({ real: "own", pick })) },
    { weight: 1, arbitrary: fc.nat().map((pick): PathValue => ({ real: "foreign", pick })) },
    {
      weight: 2,
      arbitrary: validValue(context, parameter.schema, parameter.name)
        .filter(isPathSegment)
        .map((text) => ({ text }))
    }
  )

/** Requests that satisfy the document; path parameters often name real resources. */
export const validRequest = (operation: Operation, context: SchemaContext): fc.Arbitrary<RequestDraft> => {
  const inPath = operation.parameters.filter((parameter) => parameter.in === "path")
  const inQuery = operation.parameters.filter((parameter) => parameter.in === "query")
  const json =
    operation.body && validValue(context, operation.body.schema).map((value): Body => ({ kind: "json", value }))
  return fc.record({
    path: fc.record(Object.fromEntries(inPath.map((parameter) => [parameter.name, pathValue(context, parameter)]))),
    query: fc.record(
      Object.fromEntries(
        inQuery.map((parameter) => [parameter.name, onlyText(validValue(context, parameter.schema, parameter.name))])
      ),
      { requiredKeys: inQuery.filter((parameter) => parameter.required).map((parameter) => parameter.name) }
    ),
    body:
      json === undefined ? fc.constant(NO_BODY) : operation.body!.required ? json : fc.oneof(json, fc.constant(NO_BODY))
  })
}

/**
 * Requests with one thing wrong: a parameter or the body breaking its schema, a required one missing,
 * a body that is not JSON or is over the size limit. Undefined when the operation takes no input.
 */
export const invalidRequest = (
  operation: Operation,
  context: SchemaContext
): fc.Arbitrary<RequestDraft> | undefined => {
  const valid = validRequest(operation, context)
  const withParameter = (parameter: Parameter, text: fc.Arbitrary<string>) =>
    fc
      .tuple(valid, text)
      .map(([draft, value]): RequestDraft =>
        parameter.in === "path"
          ? { ...draft, path: { ...draft.path, [parameter.name]: { text: value } } }
          : { ...draft, query: { ...draft.query, [parameter.name]: value } }
      )
  const withoutQuery = (name: string) =>
    valid.map((draft): RequestDraft => {
      const { [name]: _omitted, ...query } = draft.query
      return { ...draft, query }
    })
  const withBody = (body: fc.Arbitrary<Body>) =>
    fc.tuple(valid, body).map(([draft, broken]): RequestDraft => ({ ...draft, body: broken }))

  const parameterBreakers = operation.parameters.flatMap((parameter) => {
    const bad = invalidValue(context, parameter.schema)
    return [
      ...(bad === undefined
        ? []
        : [withParameter(parameter, parameter.in === "path" ? bad.filter(isPathSegment) : onlyText(bad))]),
      ...(parameter.in === "query" && parameter.required ? [withoutQuery(parameter.name)] : [])
    ]
  })
  const body = operation.body
  const badJson = body && invalidValue(context, body.schema)
  const bodyBreakers =
    body === undefined
      ? []
      : [
          ...(body.required ? [withBody(fc.constant(NO_BODY))] : []),
          withBody(fc.constantFrom(...MALFORMED_JSON).map((text): Body => ({ kind: "malformed", text }))),
          // Valid JSON cut short by its last character.
          withBody(
            validValue(context, body.schema).map((value): Body => ({
              kind: "malformed",
              text: JSON.stringify(value).slice(0, -1)
            }))
          ),
          withBody(validValue(context, body.schema).map((value): Body => ({ kind: "oversized", value }))),
          ...(badJson === undefined ? [] : [withBody(badJson.map((value): Body => ({ kind: "json", value })))])
        ]
  const breakers = [...parameterBreakers, ...bodyBreakers]
  return breakers.length === 0 ? undefined : fc.oneof(...breakers)
}
