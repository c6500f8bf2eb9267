import * as fc from "fast-check"

/** A JSON Schema (2020-12) as an OpenAPI 3.1 document holds it. */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown }

/**
 * What the generators need from the document: its schemas by JSON pointer (so `$ref` resolves and
 * every generated value can be checked against the exact schema it was made for), a real validator,
 * and realistic values by property or parameter name.
 */
export interface SchemaContext {
  readonly at: (pointer: string) => JsonSchema
  readonly accepts: (pointer: string, value: unknown) => boolean
  /** Values worth sending for a field of this name; used where the field's schema accepts them. */
  readonly examples: (name: string) => ReadonlyArray<unknown>
}

const SUPPORTED = new Set([
  "description",
  "title",
  "default",
  "examples",
  "$comment",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$ref",
  "type",
  "enum",
  "const",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "minItems",
  "maxItems",
  "uniqueItems",
  "anyOf",
  "oneOf",
  "allOf"
])
const TYPES = ["string", "number", "integer", "boolean", "null", "array", "object"] as const
type Type = (typeof TYPES)[number]
type SchemaObject = { readonly [keyword: string]: unknown }

/** Unbounded strings go up to this many characters: long enough to find a limit the document does not state. */
const LONG_STRING = 5_000
/** Unbounded arrays go up to this many items. */
const MANY_ITEMS = 25
/** Characters that break naive handling: NUL, controls, quotes, escapes, wide and invisible code points. */
const TRICKY = ["\u0000", "\t", "\n", " ", "'", '"', "\\", "%", "<", "&", "#", "é", "😀", "\u202e", "\ufeff"]
/** One value of every JSON type, for "wrong type" violations. */
const ONE_OF_EACH_TYPE: ReadonlyArray<unknown> = ["x", 7, 0.5, true, null, [], {}]

const anyJson = fc.jsonValue({ maxDepth: 2 })

export const escapePointer = (token: string) => token.replace(/~/g, "~0").replace(/\//g, "~1")

const child = (pointer: string, ...tokens: ReadonlyArray<string | number>) =>
  [pointer, ...tokens.map((token) => escapePointer(String(token)))].join("/")

/** Only local references: every schema the generators see lives in the one document. */
const refPointer = (ref: unknown) => {
  if (typeof ref !== "string" || !ref.startsWith("#/")) throw new Error(`unsupported $ref ${String(ref)}`)
  return ref.slice(1)
}

const schemaAt = (context: SchemaContext, pointer: string): JsonSchema => {
  const schema = context.at(pointer)
  if (typeof schema === "object") {
    const unsupported = Object.keys(schema).filter((keyword) => !SUPPORTED.has(keyword))
    if (unsupported.length > 0) {
      throw new Error(`the generator does not know ${unsupported.join(", ")} (at ${pointer}); teach it`)
    }
  }
  return schema
}

const typesOf = (schema: SchemaObject): ReadonlyArray<Type> => {
  const type = schema["type"]
  if (type === undefined) return TYPES
  return (Array.isArray(type) ? type : [type]) as ReadonlyArray<Type>
}

/** The types a schema constrains: its `type`, or those its keywords apply to (a bare `pattern` is about strings). */
const constrainedTypes = (schema: SchemaObject): ReadonlyArray<Type> => {
  if (schema["type"] !== undefined) return typesOf(schema)
  const has = (...keywords: ReadonlyArray<string>) => keywords.some((keyword) => schema[keyword] !== undefined)
  return [
    ...(has("minLength", "maxLength", "pattern", "format") ? (["string"] as const) : []),
    ...(has("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") ? (["number"] as const) : []),
    ...(has("items", "minItems", "maxItems", "uniqueItems") ? (["array"] as const) : []),
    ...(has("properties", "required", "additionalProperties") ? (["object"] as const) : [])
  ]
}

const list = (value: unknown) => (value ?? []) as ReadonlyArray<unknown>
const branches = (schema: SchemaObject, keyword: "anyOf" | "oneOf" | "allOf", pointer: string) =>
  list(schema[keyword]).map((_, index) => child(pointer, keyword, index))

// ---------------------------------------------------------------------------------------------
// Valid values

/**
 * Values the schema at `pointer` accepts; with the realistic examples for `name` mixed in. A string the
 * document gives `examples` for has a rule beyond JSON Schema (a time zone that exists, an RRULE the
 * grammar takes, a date that is on the calendar): its examples are its valid values, not made-up text.
 */
export const validValue = (context: SchemaContext, pointer: string, name?: string): fc.Arbitrary<unknown> => {
  const examples = name === undefined ? [] : context.examples(name).filter((value) => context.accepts(pointer, value))
  const schema = schemaAt(context, pointer)
  const documented = schema !== true && schema !== false && schema["type"] === "string" ? list(schema["examples"]) : []
  if (documented.length > 0) return fc.constantFrom(...documented, ...examples)
  const generated = fromSchema(context, pointer)
  return examples.length === 0 ? generated : fc.oneof(generated, fc.constantFrom(...examples))
}

const fromSchema = (context: SchemaContext, pointer: string): fc.Arbitrary<unknown> => {
  const schema = schemaAt(context, pointer)
  if (schema === true) return anyJson
  if (schema === false) throw new Error(`no value satisfies the schema at ${pointer}`)
  if (schema["const"] !== undefined) return fc.constant(schema["const"])
  if (schema["enum"] !== undefined) {
    return fc.constantFrom(...list(schema["enum"]).filter((value) => context.accepts(pointer, value)))
  }
  const own = () => typesOf(schema).map((type) => ofType(context, pointer, schema, type))
  const parts = [
    ...(schema["$ref"] === undefined ? [] : [refPointer(schema["$ref"])]),
    ...branches(schema, "allOf", pointer).slice(0, 1),
    ...branches(schema, "anyOf", pointer),
    ...branches(schema, "oneOf", pointer)
  ]
  if (parts.length === 0) return fc.oneof(...own())
  // Composites generate from the schema's own type if it names one, else from their parts; the
  // validator keeps what the whole accepts (the rest of an allOf, the other branches of a oneOf,
  // siblings of a $ref). Intersections are not merged: the first part gives the shape.
  const candidates = schema["type"] !== undefined ? own() : parts.map((part) => fromSchema(context, part))
  return fc.oneof(...candidates).filter((value) => context.accepts(pointer, value))
}

const ofType = (context: SchemaContext, pointer: string, schema: SchemaObject, type: Type): fc.Arbitrary<unknown> => {
  switch (type) {
    case "string":
      return stringOf(context, pointer, schema)
    case "integer":
      return integerOf(schema)
    case "number":
      return numberOf(schema)
    case "boolean":
      return fc.boolean()
    case "null":
      return fc.constant(null)
    case "array":
      return arrayOf(context, pointer, schema)
    case "object":
      return objectOf(context, pointer, schema)
  }
}

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  uuid: fc.uuid(),
  "date-time": fc
    .date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true })
    .map((date) => date.toISOString()),
  date: fc
    .date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10)),
  email: fc.emailAddress(),
  uri: fc.webUrl()
}

const stringOf = (context: SchemaContext, pointer: string, schema: SchemaObject): fc.Arbitrary<string> => {
  const minLength = (schema["minLength"] as number | undefined) ?? 0
  const maxLength = schema["maxLength"] as number | undefined
  const patterns = patternsOf(context, pointer, schema)
  const format = schema["format"] as string | undefined
  const plain = text(minLength, maxLength ?? LONG_STRING)
  if (patterns.length === 0 && format === undefined) return plain
  if (format !== undefined && FORMATS[format] === undefined) {
    throw new Error(`unsupported format ${format} at ${pointer}`)
  }
  // Made for one of the patterns (or the format), kept when it also satisfies the rest of the schema.
  // Every pattern gets its turn: a loose one alone (any base64url) almost never meets a strict one
  // beside it (87 characters starting with B), and the filter would draw forever.
  const made = (
    patterns.length > 0
      ? fc.oneof(
          ...patterns.map((pattern) =>
            fc.stringMatching(new RegExp(pattern, "u"), maxLength === undefined ? {} : { maxLength })
          )
        )
      : FORMATS[format!]!
  ).filter((value) => context.accepts(pointer, value))
  // Plain text wherever it satisfies the schema too: a loose pattern (no NUL, say) still gets long
  // and odd text; a strict one (a UUID) gets what was made for it.
  return fc.tuple(plain, made).map(([text, value]) => (context.accepts(pointer, text) ? text : value))
}

/** The string's own pattern and those its `allOf` parts add (Effect states a second check that way). */
const patternsOf = (context: SchemaContext, pointer: string, schema: SchemaObject): ReadonlyArray<string> => [
  ...(schema["pattern"] === undefined ? [] : [schema["pattern"] as string]),
  ...branches(schema, "allOf", pointer).flatMap((branch) => {
    const part = schemaAt(context, branch)
    return typeof part === "object" && typeof part["pattern"] === "string" ? [part["pattern"]] : []
  })
]

/** Text of `minLength`..`maxLength` code points (what JSON Schema counts): mostly short, sometimes odd or long. */
const text = (minLength: number, maxLength: number): fc.Arbitrary<string> => {
  const short = { minLength, maxLength: Math.min(maxLength, Math.max(minLength, 40)) }
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: "grapheme-ascii", ...short }) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", ...short }) },
    { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...TRICKY), ...short }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom("x", "é", "😀", " "), fc.integer({ min: minLength, max: maxLength }))
        .map(([character, length]) => character.repeat(length))
    }
  )
}

interface Bounds {
  readonly min: number
  readonly max: number
}

const boundsOf = (schema: SchemaObject, step: number): Bounds => {
  const minimum = schema["minimum"] as number | undefined
  const maximum = schema["maximum"] as number | undefined
  const exclusiveMinimum = schema["exclusiveMinimum"] as number | undefined
  const exclusiveMaximum = schema["exclusiveMaximum"] as number | undefined
  return {
    min: Math.max(
      minimum ?? -Number.MAX_SAFE_INTEGER,
      exclusiveMinimum === undefined ? -Infinity : exclusiveMinimum + step
    ),
    max: Math.min(
      maximum ?? Number.MAX_SAFE_INTEGER,
      exclusiveMaximum === undefined ? Infinity : exclusiveMaximum - step
    )
  }
}

const integerOf = (schema: SchemaObject): fc.Arbitrary<number> => {
  const { min, max } = boundsOf(schema, 1)
  return fc.bigInt({ min: BigInt(Math.ceil(min)), max: BigInt(Math.floor(max)) }).map(Number)
}

const numberOf = (schema: SchemaObject): fc.Arbitrary<number> => {
  const { min, max } = boundsOf(schema, 0)
  return fc.double({
    min,
    max,
    minExcluded: schema["exclusiveMinimum"] !== undefined,
    maxExcluded: schema["exclusiveMaximum"] !== undefined,
    noNaN: true,
    noDefaultInfinity: true
  })
}

const arrayOf = (context: SchemaContext, pointer: string, schema: SchemaObject): fc.Arbitrary<Array<unknown>> => {
  const item = schema["items"] === undefined ? anyJson : fromSchema(context, child(pointer, "items"))
  const length = {
    minLength: (schema["minItems"] as number | undefined) ?? 0,
    maxLength: (schema["maxItems"] as number | undefined) ?? MANY_ITEMS
  }
  return schema["uniqueItems"] === true
    ? fc.uniqueArray(item, { ...length, selector: (value) => JSON.stringify(value) })
    : fc.array(item, length)
}

const propertiesOf = (schema: SchemaObject) => (schema["properties"] ?? {}) as Record<string, JsonSchema>

const objectOf = (
  context: SchemaContext,
  pointer: string,
  schema: SchemaObject
): fc.Arbitrary<Record<string, unknown>> => {
  const properties = propertiesOf(schema)
  const required = list(schema["required"]) as ReadonlyArray<string>
  // A branch that only requires (`anyOf: [{ required: ["title"] }, …]`) leaves the values to the
  // properties beside it: any JSON here, and the validator of the whole keeps what fits.
  const undeclared = required.filter((key) => !(key in properties))
  if (undeclared.length > 0 && schema["properties"] !== undefined) {
    throw new Error(`required but not declared: ${undeclared.join(", ")} (at ${pointer})`)
  }
  const values: Record<string, fc.Arbitrary<unknown>> = Object.fromEntries([
    ...Object.keys(properties).map(
      (key) => [key, validValue(context, child(pointer, "properties", key), key)] as const
    ),
    ...undeclared.map((key) => [key, anyJson] as const)
  ])
  const declared = fc.record(values, { requiredKeys: [...required] })
  const additional = schema["additionalProperties"]
  if (additional === false) return declared
  const extraValue = additional === undefined ? anyJson : fromSchema(context, child(pointer, "additionalProperties"))
  const extra = fc.dictionary(
    fc.string().filter((key) => !(key in properties)),
    extraValue,
    { maxKeys: 3 }
  )
  return fc.tuple(declared, fc.option(extra)).map(([values, more]) => ({ ...more, ...values }))
}

// ---------------------------------------------------------------------------------------------
// Invalid values

/**
 * Values that most likely break the schema at `pointer`, one rule at a time: wrong type, unknown enum
 * value, too short or long, out of range, pattern-breaking, a NUL inside text, a required property
 * missing, an unknown property, too few or many or repeated items, or any of these one level down.
 * "Most likely": a caller that needs certainty asks the validator (a branch of an `anyOf` broken may
 * still satisfy another). Undefined when nothing can break it.
 */
export const invalidValue = (context: SchemaContext, pointer: string): fc.Arbitrary<unknown> | undefined => {
  const schema = schemaAt(context, pointer)
  if (typeof schema === "boolean") return schema ? undefined : anyJson
  const types = constrainedTypes(schema)
  const candidates = [
    wrongType(context, pointer),
    schema["$ref"] === undefined ? undefined : invalidValue(context, refPointer(schema["$ref"])),
    ...(["anyOf", "oneOf", "allOf"] as const).flatMap((keyword) =>
      branches(schema, keyword, pointer).map((branch) => invalidValue(context, branch))
    ),
    unknownEnumValue(schema),
    ...(types.includes("string") ? stringViolations(context, pointer, schema) : []),
    ...(types.includes("number") || types.includes("integer") ? numberViolations(schema, types) : []),
    ...(types.includes("array") ? arrayViolations(context, pointer, schema) : []),
    ...(types.includes("object") ? objectViolations(context, pointer, schema) : [])
  ].filter((candidate) => candidate !== undefined)
  return candidates.length === 0 ? undefined : fc.oneof(...candidates)
}

const wrongType = (context: SchemaContext, pointer: string) => {
  const wrong = ONE_OF_EACH_TYPE.filter((value) => !context.accepts(pointer, value))
  return wrong.length === 0 ? undefined : fc.constantFrom(...wrong)
}

const unknownEnumValue = (schema: SchemaObject) => {
  const allowed = schema["enum"] === undefined ? undefined : list(schema["enum"])
  return allowed?.some((value) => typeof value === "string")
    ? fc.string().filter((value) => !allowed.includes(value))
    : undefined
}

/** Strings that break most patterns: empty, NUL, blanks, signs, fractions, wide characters. */
const PATTERN_BREAKERS = ["", "\u0000", "a\u0000b", " ", "-1", "1.5", "1e3", "0x10", "abc", "😀", "%00"]

const stringViolations = (context: SchemaContext, pointer: string, schema: SchemaObject) => {
  const minLength = (schema["minLength"] as number | undefined) ?? 0
  const maxLength = schema["maxLength"] as number | undefined
  const valid = stringOf(context, pointer, schema)
  return [
    maxLength === undefined
      ? undefined
      : fc.integer({ min: maxLength + 1, max: maxLength + 100 }).map((n) => "x".repeat(n)),
    minLength === 0 ? undefined : fc.integer({ min: 0, max: minLength - 1 }).map((n) => "x".repeat(n)),
    schema["pattern"] === undefined && schema["format"] === undefined
      ? undefined
      : fc.oneof(fc.constantFrom(...PATTERN_BREAKERS), fc.string({ unit: "binary" })),
    // Text with a NUL inside: invalid where the schema forbids it, and where it does not the server must take it.
    fc.tuple(valid, fc.nat()).map(([value, at]) => {
      const codePoints = [...value]
      codePoints.splice(at % (codePoints.length + 1), 0, "\u0000")
      return codePoints.join("")
    })
  ]
}

const numberViolations = (schema: SchemaObject, types: ReadonlyArray<Type>) => {
  const minimum = schema["minimum"] as number | undefined
  const maximum = schema["maximum"] as number | undefined
  const exclusiveMinimum = schema["exclusiveMinimum"] as number | undefined
  const exclusiveMaximum = schema["exclusiveMaximum"] as number | undefined
  return [
    minimum === undefined ? undefined : fc.constantFrom(minimum - 1, minimum - 0.5, -Number.MAX_VALUE),
    maximum === undefined ? undefined : fc.constantFrom(maximum + 1, maximum + 0.5, Number.MAX_VALUE),
    exclusiveMinimum === undefined ? undefined : fc.constant(exclusiveMinimum),
    exclusiveMaximum === undefined ? undefined : fc.constant(exclusiveMaximum),
    types.includes("number") ? undefined : fc.integer().map((n) => n + 0.5)
  ]
}

const arrayViolations = (context: SchemaContext, pointer: string, schema: SchemaObject) => {
  const minItems = (schema["minItems"] as number | undefined) ?? 0
  const maxItems = schema["maxItems"] as number | undefined
  const item = schema["items"] === undefined ? anyJson : fromSchema(context, child(pointer, "items"))
  const badItem = schema["items"] === undefined ? undefined : invalidValue(context, child(pointer, "items"))
  return [
    maxItems === undefined ? undefined : fc.array(item, { minLength: maxItems + 1, maxLength: maxItems + 3 }),
    minItems === 0 ? undefined : fc.array(item, { maxLength: minItems - 1 }),
    schema["uniqueItems"] === true ? item.map((value) => [value, value]) : undefined,
    badItem === undefined
      ? undefined
      : fc.tuple(arrayOf(context, pointer, schema), badItem).map(([items, bad]) => [bad, ...items.slice(1)])
  ]
}

const objectViolations = (context: SchemaContext, pointer: string, schema: SchemaObject) => {
  const valid = objectOf(context, pointer, schema)
  const required = list(schema["required"]) as ReadonlyArray<string>
  const badProperties = Object.keys(propertiesOf(schema)).flatMap((key) => {
    const bad = invalidValue(context, child(pointer, "properties", key))
    return bad === undefined ? [] : [fc.tuple(valid, bad).map(([values, value]) => ({ ...values, [key]: value }))]
  })
  return [
    required.length === 0
      ? undefined
      : fc
          .tuple(valid, fc.constantFrom(...required))
          .map(([values, missing]) => Object.fromEntries(Object.entries(values).filter(([key]) => key !== missing))),
    schema["additionalProperties"] === false
      ? valid.map((values) => ({ ...values, unexpectedProperty: true }))
      : undefined,
    badProperties.length === 0 ? undefined : fc.oneof(...badProperties)
  ]
}
