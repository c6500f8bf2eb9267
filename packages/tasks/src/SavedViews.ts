import {
  type CreateView,
  InvalidInput,
  SavedView,
  type UpdateView,
  ViewConflict,
  ViewNotFound,
  parseFilterQuery,
  uuidv7
} from "@tickler/domain"
import { Context, DateTime, Effect, Layer, Result } from "effect"
import { SqlClient } from "effect/sql"
import { SqlError } from "effect/sql/SqlError"

interface ViewRow {
  readonly id: string
  readonly name: string
  readonly query: string
  readonly position: number
  readonly created_at: Date
  readonly updated_at: Date
}

const toView = (row: ViewRow) =>
  new SavedView({
    id: row.id as SavedView["id"],
    name: row.name,
    query: row.query,
    position: Number(row.position),
    createdAt: DateTime.fromDateUnsafe(row.created_at),
    updatedAt: DateTime.fromDateUnsafe(row.updated_at)
  })

/** A view must hold a query the task list can run; the parser's message says what and where. */
const checkQuery = (query: string) => {
  const parsed = parseFilterQuery(query)
  return Result.isFailure(parsed)
    ? Effect.fail(new InvalidInput({ field: "query", message: parsed.failure.message }))
    : Effect.void
}

/** The database owns name uniqueness (no check-then-insert race): its violation becomes a 409. */
const conflictOn =
  (name: string) =>
  <A, E, R>(effect: Effect.Effect<A, E | SqlError, R>): Effect.Effect<A, Exclude<E, SqlError> | ViewConflict, R> =>
    Effect.catch(effect, (error): Effect.Effect<never, Exclude<E, SqlError> | ViewConflict> =>
      error instanceof SqlError
        ? error.reason._tag === "UniqueViolation"
          ? Effect.fail(ViewConflict.of(name))
          : Effect.die(error)
        : Effect.fail(error as Exclude<E, SqlError>)
    )

const columns = "id, name, query, position, created_at, updated_at"

/** A user's saved filters ("views"): named filter-language queries in the user's order, on every device. */
export class SavedViews extends Context.Service<
  SavedViews,
  {
    readonly list: (userId: string) => Effect.Effect<ReadonlyArray<SavedView>>
    readonly create: (userId: string, input: CreateView) => Effect.Effect<SavedView, InvalidInput | ViewConflict>
    readonly update: (
      userId: string,
      id: string,
      patch: UpdateView
    ) => Effect.Effect<SavedView, ViewNotFound | InvalidInput | ViewConflict>
    readonly remove: (userId: string, id: string) => Effect.Effect<void, ViewNotFound>
  }
>()("tickler/tasks/SavedViews") {
  static readonly layer = Layer.effect(
    SavedViews,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient

      const list = Effect.fn("SavedViews.list")(function* (userId: string) {
        const rows = yield* sql<ViewRow>`
          select ${sql.literal(columns)} from views where user_id = ${userId} order by position, id`
        return rows.map(toView)
      }, Effect.orDie)

      const create = Effect.fn("SavedViews.create")(function* (userId: string, input: CreateView) {
        yield* checkQuery(input.query)
        const rows = yield* sql<ViewRow>`
          insert into views (id, user_id, name, query, position, created_at, updated_at)
          select ${uuidv7()}, ${userId}, ${input.name}, ${input.query}, coalesce(max(position) + 1, 0), now(), now()
          from views where user_id = ${userId}
          returning ${sql.literal(columns)}`.pipe(conflictOn(input.name))
        return toView(rows[0]!)
      })

      const update = Effect.fn("SavedViews.update")(function* (userId: string, id: string, patch: UpdateView) {
        if (patch.query !== undefined) yield* checkQuery(patch.query)
        const row = yield* sql
          .withTransaction(
            Effect.gen(function* () {
              // Lock the user's list so concurrent reorders cannot interleave their renumbering.
              const order = (yield* sql<{ id: string; position: number }>`
              select id, position from views where user_id = ${userId} order by position, id for update`).map(
                (view) => view.id
              )
              if (!order.includes(id)) return yield* ViewNotFound.of(id)
              if (patch.name !== undefined || patch.query !== undefined) {
                yield* sql`
                update views set name = coalesce(${patch.name ?? null}, name), query = coalesce(${patch.query ?? null}, query),
                  updated_at = now()
                where id = ${id}`
              }
              if (patch.position !== undefined) {
                const others = order.filter((other) => other !== id)
                others.splice(Math.min(patch.position, others.length), 0, id)
                // Renumber 0..n-1 so positions stay dense whatever the list looked like before.
                for (const [position, viewId] of others.entries()) {
                  yield* sql`update views set position = ${position} where id = ${viewId} and position <> ${position}`
                }
                yield* sql`update views set updated_at = now() where id = ${id}`
              }
              return (yield* sql<ViewRow>`select ${sql.literal(columns)} from views where id = ${id}`)[0]!
            })
          )
          .pipe(conflictOn(patch.name ?? ""))
        return toView(row)
      })

      const remove = Effect.fn("SavedViews.remove")(
        function* (userId: string, id: string) {
          yield* sql.withTransaction(
            Effect.gen(function* () {
              const deleted = yield* sql<{ position: number }>`
                delete from views where id = ${id} and user_id = ${userId} returning position`
              if (deleted.length === 0) return yield* ViewNotFound.of(id)
              yield* sql`
                update views set position = position - 1 where user_id = ${userId} and position > ${deleted[0]!.position}`
            })
          )
        },
        Effect.catchTag("SqlError", Effect.die)
      )

      return SavedViews.of({ list, create, update, remove })
    })
  )
}
