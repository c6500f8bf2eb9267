/**
 * No request stalls the server: for every language a user controls (filter, search, sort, cursor,
 * quick add, recurrence rules), generated worst cases of the largest allowed size answer within
 * `BOUND_MS` with a result or a 4xx, while `/api/health` keeps answering within `HEALTH_MS`.
 * Run against the `dev` process as users run it: PGlite and the API share one process there.
 */
import {
  MAX_FILTER_CONDITIONS,
  MAX_FILTER_LENGTH,
  MAX_FILTER_NESTING,
  MAX_TITLE_LENGTH,
  MAX_VIEW_QUERY_LENGTH
} from "@tickler/domain"
import { startSingleProcess, type Topology } from "@tickler/scenarios"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const BOUND_MS = 1_000
const HEALTH_MS = 100
const TASKS = 400
const TAGS = Array.from({ length: 12 }, (_, i) => `t${i}`)

/** Strings of `pieces` joined by `separator`, as long as fits in `max` characters. */
const fill = (pieces: () => string, separator: string, max: number) => {
  let text = pieces()
  for (let next = pieces(); text.length + separator.length + next.length <= max; next = pieces()) {
    text += separator + next
  }
  return text
}

const sample = <A>(arbitrary: fc.Arbitrary<A>, n: number, seed: number) => fc.sample(arbitrary, { numRuns: n, seed })

/** `n` conditions joined by `&` and `|`, each maybe negated, grouped up to the nesting limit. */
const nestedConditions = (atoms: ReadonlyArray<string>, seed: number) => {
  let n = 0
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) as number
  const group = (depth: number, count: number): string => {
    const parts: Array<string> = []
    for (let i = 0; i < count; i++) {
      const nested = depth < MAX_FILTER_NESTING - 1 && random() < 0.3 && count > 2
      parts.push(
        nested
          ? `(${group(depth + 1, 3)})`
          : `${random() < 0.3 && depth < MAX_FILTER_NESTING ? "!" : ""}${atoms[n++ % atoms.length]}`
      )
    }
    return parts.map((part, i) => (i === 0 ? part : `${random() < 0.5 ? " & " : " | "}${part}`)).join("")
  }
  return group(0, MAX_FILTER_CONDITIONS - 10)
}

const words = ["meeting", "report", "invoice", "dentist", "groceries", "running", "plans", "quarterly", "überweisung"]

/** Worst cases per language: [label, method, path, body?]. */
const worstCases = (): Array<readonly [string, string, string, unknown?]> => {
  const list = (query: Record<string, string>) => `/tasks?${new URLSearchParams(query)}`
  const atomKinds = [
    "#t1",
    "overdue",
    "today",
    "due before: 2027-01-01",
    "due after: yesterday",
    "priority >= high",
    "p2",
    "next 30 days",
    "no date",
    "recurring",
    "status: open",
    "created after: 2020-01-01",
    "completed before: tomorrow",
    "search: meeting report",
    '"quarterly invoice"'
  ]
  const allAnd = (atom: (i: number) => string) =>
    Array.from({ length: MAX_FILTER_CONDITIONS }, (_, i) => atom(i)).join(" & ")
  const filters: Array<readonly [string, string]> = [
    ["50 tags, all required", allAnd((i) => `#t${i}`)],
    ["50 tags, any", Array.from({ length: MAX_FILTER_CONDITIONS }, (_, i) => `#t${i}`).join(" | ")],
    ["50 negated tags", allAnd((i) => `!#t${i}`)],
    ["50 searches", allAnd((i) => `search: ${words[i % words.length]}`).slice(0, MAX_FILTER_LENGTH)],
    [
      "50 long quoted searches",
      Array.from({ length: MAX_FILTER_CONDITIONS }, (_, i) => `"${words[i % words.length]!.repeat(3)}"`).join(" | ")
    ],
    ["one search of maximum length", `search: ${"é".repeat(MAX_FILTER_LENGTH - 8)}`],
    ["one word of maximum length", `"${"meeting".repeat(MAX_FILTER_LENGTH / 7).slice(0, MAX_FILTER_LENGTH - 2)}"`],
    ["every kind of condition", nestedConditions(atomKinds, 7)],
    [
      "tags nested to the limit",
      nestedConditions(
        TAGS.map((tag) => `#${tag}`),
        11
      )
    ],
    ["maximum nesting", `${"(".repeat(MAX_FILTER_NESTING)}#t1 | overdue${")".repeat(MAX_FILTER_NESTING)}`],
    ["one condition too many", allAnd((i) => `#t${i}`) + " & #x"],
    ["the reported 120 tags", Array.from({ length: 120 }, (_, i) => `#t${i}`).join(" & ")],
    ["the reported 500 tags", Array.from({ length: 500 }, (_, i) => `#t${i}`).join(" & ")],
    ...sample(
      fc.array(fc.constantFrom(...atomKinds, "(", ")", "&", "|", "!", "#", '"'), { minLength: 100, maxLength: 400 }),
      6,
      3
    ).map((tokens) => ["random tokens", tokens.join(" ").slice(0, MAX_FILTER_LENGTH)] as const)
  ]
  const searches = [
    fill(() => "a", " ", 200),
    "é".repeat(200),
    fill(() => words[Math.floor(Math.random() * words.length)]!, " ", 200),
    "%_\\'\"&|!():*<->".repeat(13)
  ]
  const sorts = ["created", "updated", "due", "priority", "title", "completed", "relevance"]
  const quickAddVocabulary = [
    "every",
    "every!",
    "day",
    "2",
    "weeks",
    "on",
    "monday,",
    "the",
    "1st",
    "last",
    "weekday",
    "at",
    "9am",
    "remind",
    "me",
    "30m",
    "before",
    "tomorrow",
    "next",
    "friday",
    "in",
    "3",
    "days",
    "jan",
    "15",
    "noon",
    "month",
    "until",
    "2027-01-01",
    "#home",
    "!high",
    "p1",
    "and"
  ]
  const quickAdds = sample(
    fc
      .integer({ min: 0, max: 1_000 })
      .map((offset) =>
        fill(() => quickAddVocabulary[(offset = (offset * 31 + 7) % 997) % quickAddVocabulary.length]!, " ", 2_000)
      ),
    6,
    5
  )
  const rrules = [
    "FREQ=DAILY;INTERVAL=7;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=SU",
    "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29",
    "FREQ=MONTHLY;BYMONTHDAY=31,-31,30,-30,29,-29,1,2,3;BYDAY=-1MO,1MO,2TU,3WE,4TH,-2FR,SA,SU",
    `FREQ=DAILY;INTERVAL=1000;COUNT=10000;UNTIL=99991231;BYMONTH=${Array.from({ length: 12 }, (_, i) => i + 1)}`,
    `FREQ=WEEKLY;${"BYDAY=MO,TU;".repeat(50)}INTERVAL=2`
  ]
  const hugeCursor = Buffer.from(JSON.stringify(["x".repeat(6_000), "0".repeat(36)])).toString("base64url")
  const forgedCursors = ["not a date", "1e309", "99999999999999999999", "-infinity", "2026-13-45", "ä"].map((key) =>
    Buffer.from(JSON.stringify([key, "00000000-0000-7000-8000-000000000000"])).toString("base64url")
  )
  return [
    ...filters.map(([label, filter]) => [`filter: ${label}`, "GET", list({ filter })] as const),
    ...filters
      .filter(([, filter]) => filter.length <= MAX_VIEW_QUERY_LENGTH)
      .slice(0, 4)
      .map(([label, query], i) => [`saved view: ${label}`, "POST", "/views", { name: `worst ${i}`, query }] as const),
    ...searches.flatMap((q) => [
      [`search: ${q.slice(0, 20)}…`, "GET", list({ q })] as const,
      [`search with filter: ${q.slice(0, 20)}…`, "GET", list({ q, filter: allAnd((i) => `#t${i}`) })] as const
    ]),
    ...sorts.flatMap((sort) =>
      ["asc", "desc"].map(
        (order) =>
          [`sort: ${sort} ${order}`, "GET", list({ sort, order, status: "all", limit: "200", q: "meeting" })] as const
      )
    ),
    ...sorts.flatMap((sort) => [
      [`cursor: huge for sort ${sort}`, "GET", list({ sort, q: "meeting", cursor: hugeCursor })] as const,
      ...forgedCursors.map(
        (cursor) => [`cursor: forged key for sort ${sort}`, "GET", list({ sort, q: "meeting", cursor })] as const
      )
    ]),
    ...quickAdds.flatMap((text) => [
      [`quick add (parse): ${text.slice(0, 30)}…`, "POST", "/tasks/parse", { text }] as const,
      [`quick add (create): ${text.slice(0, 30)}…`, "POST", "/tasks", { text }] as const
    ]),
    ...rrules.map(
      (rrule) =>
        [
          `recurrence: ${rrule.slice(0, 40)}`,
          "POST",
          "/tasks",
          {
            title: "x".repeat(MAX_TITLE_LENGTH),
            due: { kind: "date", date: "2026-12-03" },
            recurrence: { rrule, mode: "schedule" }
          }
        ] as const
    )
  ]
}

describe("no request stalls the dev process", () => {
  let topology: Topology
  let base: string
  let headers: Record<string, string>

  const call = async (method: string, path: string, body?: unknown) => {
    const started = performance.now()
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await response.text()
    return { status: response.status, text, ms: performance.now() - started }
  }

  beforeAll(async () => {
    topology = await startSingleProcess()
    base = topology.api
    const session = await (
      await fetch(`${base}/auth/sign-up`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "cost@example.com", password: "correct horse battery" })
      })
    ).json()
    headers = { "content-type": "application/json", authorization: `Bearer ${session.token}` }
    // Tasks with tags, words to search for and due dates, so every condition has rows to weigh.
    for (let batch = 0; batch < TASKS / 20; batch++) {
      await Promise.all(
        Array.from({ length: 20 }, async (_, j) => {
          const i = batch * 20 + j
          const response = await call("POST", "/tasks", {
            title: `${words[i % words.length]} ${words[(i * 7) % words.length]} ${i}`,
            description: words.join(" ").repeat(1 + (i % 5)),
            tags: TAGS.filter((_, k) => (i >> k) % 2 === 1 || k === i % TAGS.length),
            priority: ["none", "low", "medium", "high", "urgent"][i % 5],
            ...(i % 3 === 0 ? {} : { due: { kind: "date", date: `2026-12-${String(1 + (i % 28)).padStart(2, "0")}` } })
          })
          expect(response.status, response.text).toBe(201)
        })
      )
    }
  }, 180_000)

  afterAll(async () => {
    await topology?.stop()
  })

  it(`answers each worst case within ${BOUND_MS} ms with a result or a 4xx, health within ${HEALTH_MS} ms meanwhile`, async () => {
    const health: Array<number> = []
    let running = true
    const pinger = (async () => {
      while (running) {
        const started = performance.now()
        const response = await fetch(`${base}/health`)
        await response.arrayBuffer()
        health.push(performance.now() - started)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    })()
    const results: Array<{ label: string; status: number; ms: number }> = []
    try {
      for (const [label, method, path, body] of worstCases()) {
        const { status, text, ms } = await call(method, path, body)
        results.push({ label, status, ms: Math.round(ms) })
        expect(status, `${label}: ${text.slice(0, 300)}`).toBeLessThan(500)
      }
    } finally {
      running = false
      await pinger
    }
    const healthMax = Math.max(...health)
    const byLanguage = new Map<string, Array<number>>()
    for (const { label, ms } of results) {
      const language = label.slice(0, label.indexOf(":"))
      byLanguage.set(language, [...(byLanguage.get(language) ?? []), ms])
    }
    console.log(
      `${results.length} worst cases, slowest per language: ` +
        [...byLanguage].map(([language, times]) => `${language} ${Math.max(...times)} ms`).join(", ") +
        `; slowest of all: ${[...results]
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 3)
          .map((r) => `${r.label} ${r.ms} ms (${r.status})`)
          .join("; ")}; health: ${health.length} checks, max ${Math.round(healthMax)} ms`
    )
    expect(results.filter((r) => r.ms > BOUND_MS)).toEqual([])
    expect(health.length).toBeGreaterThan(10)
    expect(healthMax).toBeLessThan(HEALTH_MS)
  }, 300_000)
})
