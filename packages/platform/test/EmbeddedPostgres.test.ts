import { assert, describe, it } from "@effect/vitest"
import { Effect, Logger } from "effect"
import { SqlClient } from "effect/sql"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { layerEmbeddedPostgres } from "../src/index.ts"

it.layer(layerEmbeddedPostgres({}))("embedded PostgreSQL", (it) => {
  it.effect("answers SQL and has pg_trgm", () =>
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      yield* sql`create extension if not exists pg_trgm`
      const rows = yield* sql<{ s: number }>`select similarity('tickler', 'tickle') as s`
      assert.isAbove(Number(rows[0]!.s), 0.5)
    })
  )
})

/** Every path under `dir` (and `dir`) whose mode lets group or others in, with that mode. */
const openToOthers = (dir: string) =>
  [dir, ...Fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).map((name) => Path.join(dir, name))]
    .map((path) => ({ path, mode: Fs.lstatSync(path).mode & 0o777 }))
    .filter(({ mode }) => (mode & 0o077) !== 0)

/** Opens the database in `dir`, writes a row so PGlite creates its files, and closes it; returns the warnings logged. */
const useDatabaseIn = (dir: string) =>
  Effect.gen(function* () {
    const warnings: Array<string> = []
    const capture = Logger.make(({ logLevel, message }) => {
      if (logLevel === "Warn") warnings.push(String(message))
    })
    yield* SqlClient.SqlClient.use((sql) =>
      Effect.andThen(sql`create table if not exists notes (body text)`, sql`insert into notes values ('secret')`)
    ).pipe(
      Effect.provide(layerEmbeddedPostgres({ dataDir: dir }), { local: true }),
      Effect.provide(Logger.layer([capture]))
    )
    return warnings
  })

describe("embedded PostgreSQL's data directory", () => {
  const scratch = () => Fs.mkdtempSync(Path.join(Os.tmpdir(), "tickler-pglite-"))

  it.effect(
    "a new one is created 0700 with every file in it private (0600)",
    () =>
      Effect.gen(function* () {
        const dir = Path.join(scratch(), "pglite")
        const warnings = yield* useDatabaseIn(dir)
        assert.strictEqual(Fs.statSync(dir).mode & 0o777, 0o700)
        assert.isAbove(Fs.readdirSync(dir, { recursive: true }).length, 100, "PGlite wrote its files")
        assert.deepStrictEqual(openToOthers(dir), [])
        assert.deepStrictEqual(warnings, [])
      }),
    120_000
  )

  it.effect(
    "an existing one open to others is tightened on start, everything under it too, with a warning",
    () =>
      Effect.gen(function* () {
        const dir = Path.join(scratch(), "pglite")
        yield* useDatabaseIn(dir)
        // As the old code left it: world-readable folders and files.
        Fs.chmodSync(dir, 0o755)
        Fs.chmodSync(Path.join(dir, "PG_VERSION"), 0o666)
        Fs.chmodSync(Path.join(dir, "base"), 0o755)
        assert.strictEqual(openToOthers(dir).length, 3)

        const warnings = yield* useDatabaseIn(dir)
        assert.deepStrictEqual(openToOthers(dir), [])
        assert.strictEqual(warnings.length, 1)
        assert.include(warnings[0], "3 file(s) or folder(s) other accounts could open")
        assert.include(warnings[0], `${dir} (0755)`)
        // The data survived.
        const rows = yield* SqlClient.SqlClient.use((sql) => sql<{ body: string }>`select body from notes`).pipe(
          Effect.provide(layerEmbeddedPostgres({ dataDir: dir }), { local: true })
        )
        assert.deepStrictEqual(
          rows.map((row) => row.body),
          ["secret", "secret"]
        )
      }),
    180_000
  )
})
