import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"

/**
 * Runs modules' migrations in order, in one transaction free of the statement time budget: a
 * migration may rewrite a large table, or wait for another process's migration lock.
 */
export const layerMigrations = <E>(migrations: ReadonlyArray<Effect.Effect<unknown, E, SqlClient.SqlClient>>) =>
  Layer.effectDiscard(
    SqlClient.SqlClient.use((sql) =>
      sql.withTransaction(
        Effect.andThen(sql`set local statement_timeout = 0`, Effect.all(migrations, { discard: true }))
      )
    )
  )
