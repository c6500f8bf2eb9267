import { MAX_FILTER_CONDITIONS, MAX_FILTER_LENGTH, MAX_FILTER_NESTING } from "@tickler/domain"
import { generateVapidKeys } from "@tickler/notifications"
import { SmtpCapture } from "@tickler/notifications/testing"
import { testDatabases } from "@tickler/platform/testing"
import { Effect, ManagedRuntime } from "effect"
import * as fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  bodyText,
  invalidRequest,
  OpenApiDocument,
  urlOf,
  validRequest,
  type Operation,
  type RequestDraft,
  type Verdict
} from "./OpenApiArbitrary.ts"
import { makeTestApp, type ApiResponse } from "../test/TestApp.ts"

/**
 * Every operation of the served OpenAPI document, fuzzed from the document itself (issue 12): valid
 * requests get a 2xx or a refusal the operation documents (never 400, never 5xx; another user's
 * resource answers as a missing one), invalid ones a 400/422 naming the field (413 past the body
 * limit), and every documented answer matches its schema. Valid values include the worst cases of
 * every query language at its limits (issue 15).
 *
 * Not sent: valid requests to operations that answer with a stream (the chat's SSE turns, which
 * would also call a model); their invalid requests are. Operations without inputs have no invalid
 * requests. Neither has a test.
 */

/** fast-check runs per property: each operation gets this many valid and this many invalid requests. */
const RUNS = 30

// One database is enough: this checks the HTTP contract, the other suites check each database.
const database = testDatabases().find((candidate) => candidate.name === "PGlite")!
const smtpRuntime = ManagedRuntime.make(SmtpCapture.layer)
const smtp = await smtpRuntime.runPromise(
  Effect.gen(function* () {
    return yield* SmtpCapture
  })
)
// With mail, Web Push keys and the consumers, as `dev` runs: the account routes and notifications work for real.
const vapid = generateVapidKeys()
const app = makeTestApp(database, {
  smtpPort: smtp.port,
  consumers: true,
  env: {
    TICKLER_VAPID_PUBLIC_KEY: vapid.publicKey,
    TICKLER_VAPID_PRIVATE_KEY: vapid.privateKey,
    TICKLER_VAPID_SUBJECT: "mailto:fuzz@tickler.test"
  }
})
const document = new OpenApiDocument((await app.call("GET", "/openapi.json")).body)

/**
 * Their success ends the caller's session, account or password: the next run signs up someone new
 * (not in again: sign-ins per account are limited).
 */
const ENDS_CALLER = new Set(["auth.signOut", "account.endSession", "account.remove", "account.changePassword"])

const PASSWORD = "correct horse battery staple"

// Worst cases of each language at the limits the server enforces, and just past them (issue 15).
const hashTags = (count: number) => Array.from({ length: count }, (_, index) => `#t${index}`)
const upTo = (length: number, unit: string) =>
  unit
    .repeat(Math.ceil(length / unit.length))
    .slice(0, length)
    .trim()
const FILTERS = [
  "#work & priority >= high",
  "(today | overdue) & !#someday",
  "no date | next 7 days",
  hashTags(MAX_FILTER_CONDITIONS).join(" & "),
  hashTags(MAX_FILTER_CONDITIONS).join(" | "),
  hashTags(MAX_FILTER_CONDITIONS)
    .map((tag, index) => (index % 3 === 0 ? `!${tag}` : tag))
    .join(" & ")
    .replace(/ & (#t\d*[05]) /g, " | $1 & "),
  `${"(".repeat(MAX_FILTER_NESTING)}today${")".repeat(MAX_FILTER_NESTING)}`,
  `${"!".repeat(MAX_FILTER_NESTING)}#work`,
  `search: ${upTo(MAX_FILTER_LENGTH - "search: ".length, "rent ")}`,
  hashTags(MAX_FILTER_CONDITIONS + 1).join(" & "),
  hashTags(500).join(" & ")
]
const SEARCHES = [
  "rent",
  "pay the rent",
  upTo(2_000, "a "),
  upTo(2_000, "marathon"),
  '"quoted words" -not or',
  "<mark>"
]
const QUICK_ADD = [
  "Pay rent every month on the 1st 9am #home !high remind 30m before",
  "Team sync every 3rd friday of jan, apr, jul, oct at 10am p2",
  upTo(2_000, "Call mom tomorrow evening every 2 weeks #family !low remind 1h before "),
  upTo(2_000, `${hashTags(40).join(" ")} `),
  upTo(2_000, "every day ")
]
const RRULES = [
  "FREQ=WEEKLY;BYDAY=MO,TH",
  "FREQ=MONTHLY;BYMONTHDAY=-1",
  "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
  "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",
  "FREQ=DAILY;INTERVAL=10000",
  "FREQ=DAILY;COUNT=1000000"
]
const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati"]
const DATES = ["2026-12-07", "2028-02-29", "1999-12-31"]

interface Caller {
  readonly email: string
  readonly token: string
}

/** Realistic values by field name, mixed into the generated ones wherever the field's schema accepts them. */
const examplesFor = (caller: Caller, cursors: ReadonlyArray<string>): Record<string, ReadonlyArray<unknown>> => ({
  email: [caller.email],
  password: [PASSWORD],
  currentPassword: [PASSWORD],
  newPassword: ["a different passphrase, 42 times"],
  filter: FILTERS,
  query: FILTERS,
  q: SEARCHES,
  text: QUICK_ADD,
  rrule: RRULES,
  timeZone: ZONES,
  zone: ZONES,
  date: DATES,
  local: ["2026-12-07T09:00", "2027-03-28T02:30"],
  at: ["2026-12-08T09:00:00.000Z"],
  start: ["22:00"],
  end: ["07:00"],
  ...Object.fromEntries(
    ["dueFrom", "dueTo", "createdFrom", "createdTo", "completedFrom", "completedTo"].map((name) => [name, DATES])
  ),
  limit: ["1", "50", "200"],
  priority: ["high", "low,urgent"],
  tags: ["work", "home,work"],
  notTags: ["someday"],
  cursor: cursors
})

let accounts = 0
const signUp = async (): Promise<Caller> => {
  accounts += 1
  const email = `fuzz${accounts}.${Math.random().toString(36).slice(2)}@example.com`
  const response = await app.call("POST", "/auth/sign-up", { body: { email, password: PASSWORD, timeZone: "UTC" } })
  if (response.status !== 201) throw new Error(`sign-up: ${response.status} ${JSON.stringify(response.body)}`)
  return { email, token: response.body.token }
}

const succeeded = async (response: Promise<ApiResponse>) => {
  const { status, body } = await response
  if (status >= 300) throw new Error(`seeding: ${status} ${JSON.stringify(body)}`)
  return body
}

/** A signed-up user with a few of everything a path parameter can name, tagged apart from other users'. */
const seededUser = async (tag: string): Promise<Caller> => {
  const caller = await signUp()
  const { token } = caller
  const create = (body: unknown) => succeeded(app.call("POST", "/tasks", { token, body }))
  await create({ title: "Pay rent", tags: [tag, `${tag}-home`], due: { kind: "date", date: "2026-12-01" } })
  // A reminder already past: the consumers notify at once, so notifications have real ids too.
  await create({
    title: "Call the bank",
    tags: [tag],
    priority: "high",
    due: { kind: "datetime", local: "2026-01-05T09:00", zone: "UTC" },
    reminders: [{ kind: "absolute", at: "2026-01-05T08:00:00.000Z" }]
  })
  const done = await create({ title: "Water plants", tags: [`${tag}-garden`] })
  await succeeded(app.call("POST", `/tasks/${done.id}/complete`, { token }))
  await succeeded(app.call("POST", "/views", { token, body: { name: `${tag} view`, query: `#${tag}` } }))
  await succeeded(app.call("POST", "/chat/conversations", { token, body: { title: "Plans" } }))
  return caller
}

/** Where real values of a path parameter come from: the collection named just before it in the path. */
const REAL: Record<string, { readonly list: string; readonly values: (body: any) => ReadonlyArray<string> }> = {
  tasks: { list: "/tasks?status=all&limit=200", values: (body) => body.items.map((task: any) => task.id) },
  tags: { list: "/tags", values: (body) => body.map((tag: any) => tag.name) },
  views: { list: "/views", values: (body) => body.map((view: any) => view.id) },
  sessions: { list: "/account/sessions", values: (body) => body.map((session: any) => session.id) },
  conversations: { list: "/chat/conversations", values: (body) => body.map((chat: any) => chat.id) },
  notifications: { list: "/notifications", values: (body) => body.items.map((notification: any) => notification.id) }
}

const realValues = async (operation: Operation, parameter: string, token: string) => {
  const segments = operation.path.split("/")
  const collection = segments[segments.indexOf(`{${parameter}}`) - 1]!
  const source = REAL[collection]
  if (source === undefined)
    throw new Error(`no real values for {${parameter}} of ${operation.path}: add "${collection}"`)
  return source.values(await succeeded(app.call("GET", source.list, { token })))
}

/** Longer strings are cut in messages; JSON shows NUL and other controls as escapes. */
const clip = (text: string) => {
  const characters = [...text]
  return characters.length <= 400 ? text : `${characters.slice(0, 400).join("")}… (${characters.length} characters)`
}

interface Exchange {
  readonly request: string
  readonly verdict: Verdict
  readonly response: ApiResponse
  /** With another user's resource in the path: the status the same request gets for a missing one. */
  readonly missingStatus: number | undefined
}

const namesField = (response: ApiResponse, fields: ReadonlyArray<string>) => {
  if (fields.length === 0) return undefined
  const { status, body } = response
  // The path itself is not one the server has: nothing to name.
  if (status === 404) return undefined
  if (status === 400) {
    const paths = ((body?.errors ?? []) as Array<{ path?: Array<unknown> }>).map((error) => error.path ?? [])
    return paths.some((path) => fields.some((field) => path.includes(field)))
      ? undefined
      : `the 400 names ${JSON.stringify(paths)}, not one of ${fields.join(", ")}`
  }
  // A 422's field may go deeper: `reminders[0]` for `reminders`.
  return typeof body?.field === "string" && fields.some((field) => body.field.startsWith(field))
    ? undefined
    : `the 422 names ${JSON.stringify(body?.field)}, not one of ${fields.join(", ")}`
}

/** Everything wrong with one exchange, by what the document says. */
const problemsOf = (operation: Operation, { verdict, response, missingStatus }: Exchange): ReadonlyArray<string> => {
  const { status } = response
  const problems: Array<string> = []
  const fail = (problem: string | undefined) => problem !== undefined && problems.push(problem)
  if (status >= 500) {
    fail(`${status}: no request may cause a 5xx`)
  } else if (!verdict.valid) {
    fail(
      verdict.expected.includes(status)
        ? namesField(response, verdict.fields)
        : `${status} for a request the document rejects (${verdict.why}); expected ${verdict.expected.join(" or ")}`
    )
  } else if (status === 400) {
    const fields = ((response.body?.errors ?? []) as Array<{ path?: Array<unknown> }>).map((error) =>
      String(error.path?.at(-1))
    )
    if (fields.length === 0 || !fields.every((field) => document.fieldsWithRulesBeyondSchema.has(field)))
      fail("400 for a request the document accepts: the schema or the server is wrong")
  } else if (!operation.responses.has(status)) {
    fail(`${status} is not a documented answer (${[...operation.responses.keys()].join(", ")})`)
  } else if (missingStatus !== undefined && status !== missingStatus) {
    fail(`${status} for another user's resource but ${missingStatus} for a missing one: it must look missing`)
  }
  fail(document.responseProblem(operation, status, response.headers.get("content-type"), response.body))
  return problems
}

/** Answers that are a stream (SSE) never end into a body to check; the chat ones would also call a model. */
const streams = (operation: Operation) =>
  [...operation.responses.values()].some((content) => content.has("text/event-stream"))

describe("the REST API fuzzed from its OpenAPI document (PGlite)", () => {
  /** The other user, whose resources must look missing to everyone else; never a caller. */
  let bob: Caller
  /** The caller of every operation that needs no user of its own. */
  let alice: Caller
  let cursors: ReadonlyArray<string>

  beforeAll(async () => {
    bob = await seededUser("bobs")
    alice = await seededUser("alices")
    const pages = await Promise.all(
      ["/tasks?limit=1", "/activity?limit=1"].map((list) => succeeded(app.call("GET", list, { token: bob.token })))
    )
    cursors = pages.map((page) => page.nextCursor).filter((cursor) => typeof cursor === "string")
  })
  afterAll(async () => {
    await app.dispose()
    await smtpRuntime.dispose()
  })

  it("lists only operations the document has", () => {
    const ids = new Set(document.operations.map((operation) => operation.id))
    expect([...ENDS_CALLER].filter((id) => !ids.has(id))).toEqual([])
  })

  it("answers a method a path does not have with 405 and Allow", async () => {
    const templates = [...document.methods]
    const problems: Array<string> = []
    for (const [path] of templates) {
      const url = path.replace(/\{\w+\}/g, crypto.randomUUID())
      // A URL can match more than one path (/api/tasks/parse is also /api/tasks/{id}): all their methods are allowed.
      const allowed = templates
        .filter(([other]) => new RegExp(`^${other.replace(/\{\w+\}/g, "[^/]+")}$`).test(url))
        .flatMap(([, methods]) => methods)
      for (const method of ["GET", "PUT", "POST", "PATCH", "DELETE"].filter((method) => !allowed.includes(method))) {
        const response = await app.call(method, url.slice("/api".length), { token: bob.token })
        const allow = (response.headers.get("allow") ?? "").split(",").map((name) => name.trim().toUpperCase())
        if (response.status !== 405 || !allowed.every((name) => allow.includes(name))) {
          problems.push(`${method} ${path}: ${response.status}, Allow: ${response.headers.get("allow")}`)
        }
      }
    }
    expect(problems).toEqual([])
  })

  describe.each(document.operations)("$method $path ($id)", (operation) => {
    let caller: Caller
    let spent = false
    // Its own user when it ends sessions or accounts, or changes what path parameters name (its
    // deletes must not starve the next operation of real ids).
    const ownUser = ENDS_CALLER.has(operation.id) || operation.parameters.some((parameter) => parameter.in === "path")
    beforeAll(async () => {
      caller = ownUser ? await seededUser("mine") : alice
    })

    /** The caller's token, renewed when the last success ended the session or the account. */
    const token = async () => {
      if (spent) {
        caller = await signUp()
        spent = false
      }
      return caller.token
    }

    const request = async (path: Readonly<Record<string, string>>, draft: RequestDraft, bearer: string) => {
      const url = urlOf(operation, path, draft.query)
      const body = bodyText(draft.body)
      const response = await app.call(operation.method, url.slice("/api".length), {
        token: bearer,
        ...(body === undefined ? {} : { rawBody: body })
      })
      return {
        response,
        text: `${operation.method} ${clip(url)}${body === undefined ? "" : `\n  body: ${clip(body)}`}`
      }
    }

    const send = async (draft: RequestDraft): Promise<Exchange> => {
      const bearer = await token()
      const path: Record<string, string> = {}
      const missing: Record<string, string> = {}
      for (const [name, value] of Object.entries(draft.path)) {
        if ("text" in value) {
          path[name] = missing[name] = value.text
          continue
        }
        const real = await realValues(operation, name, value.real === "own" ? bearer : bob.token)
        path[name] = real.length === 0 ? crypto.randomUUID() : real[value.pick % real.length]!
        missing[name] = value.real === "own" ? path[name] : crypto.randomUUID()
      }
      const verdict = document.verdict(operation, path, draft)
      // A broken value can still satisfy the schema (another branch of an anyOf): that is judged as
      // valid, and never sent to a stream.
      fc.pre(!(streams(operation) && verdict.valid))
      const { response, text } = await request(path, draft, bearer)
      if (response.status < 300 && ENDS_CALLER.has(operation.id)) spent = true
      const foreign = Object.values(draft.path).some((value) => "real" in value && value.real === "foreign")
      return {
        request: text,
        verdict,
        response,
        missingStatus:
          foreign && verdict.valid ? (await request(missing, draft, await token())).response.status : undefined
      }
    }

    const check = async (draft: RequestDraft, wanted: "valid" | "invalid") => {
      const exchange = await send(draft)
      const problems = problemsOf(operation, exchange)
      if (problems.length > 0) {
        throw new Error(
          [
            ...problems,
            `${exchange.request}`,
            `  judged: ${exchange.verdict.valid ? "valid" : exchange.verdict.why} (generated as ${wanted})`,
            `  answer: ${exchange.response.status} ${clip(JSON.stringify(exchange.response.body) ?? "")}`
          ].join("\n")
        )
      }
    }

    const examples = () => {
      const byName = examplesFor(caller, cursors)
      return document.context((name) => byName[name] ?? [])
    }

    // Streams are not sent valid requests (see the top); an operation without inputs has no invalid ones.
    const takesInput = operation.parameters.length > 0 || operation.body !== undefined
    if (!streams(operation))
      it("valid requests: a 2xx or a documented refusal, as documented", async () => {
        await fc.assert(
          fc.asyncProperty(validRequest(operation, examples()), (draft) => check(draft, "valid")),
          { numRuns: RUNS }
        )
        if (!ENDS_CALLER.has(operation.id)) {
          const me = await app.call("GET", "/auth/me", { token: caller.token })
          expect(me.status, `${operation.id} ended the caller's session: list it in ENDS_CALLER`).toBe(200)
        }
      })

    if (takesInput)
      it("invalid requests: 400/422 naming the field, 413 past the body limit", async () => {
        const invalid = invalidRequest(operation, examples())!
        await fc.assert(
          fc.asyncProperty(invalid, (draft) => check(draft, "invalid")),
          { numRuns: RUNS }
        )
      })
  })
})
