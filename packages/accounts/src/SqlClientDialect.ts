import { Context, Effect, Exit, Scope } from "effect"
import { SqlClient } from "effect/sql"
import type { Connection } from "effect/sql/SqlConnection"
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings
} from "kysely"

/**
 * A Kysely dialect that runs every compiled query through the app's Effect `SqlClient`, so Better
 * Auth shares the one database client (PGlite's single connection, or the PostgreSQL pool) with
 * the rest of Tickler instead of opening a second driver.
 *
 * Outside a transaction each query borrows the pool like any other statement. A transaction
 * reserves one connection exclusively (`sql.reserve`) from BEGIN until COMMIT/ROLLBACK, so its
 * statements never interleave with other requests' queries — on PGlite those simply wait for the
 * reserved connection, on a pool they use another one.
 */
export const makeSqlClientDialect = <R>(services: Context.Context<R | SqlClient.SqlClient>): Dialect => {
  const run = Effect.runPromiseWith(services)
  // Raw rows and names: an app-level name transform on the client must not rename Better Auth's columns.
  const sql = Context.get(services, SqlClient.SqlClient).withoutTransforms()

  const toResult = <R>(raw: unknown): QueryResult<R> => {
    // @effect/sql-pg's raw result carries the command tag; Better Auth reads affected counts of UPDATE/DELETE.
    const { command, rowCount, rows } = raw as {
      command?: string
      rowCount?: number
      rows?: ReadonlyArray<R>
    }
    return {
      rows: [...(rows ?? [])],
      ...(command === "INSERT" || command === "UPDATE" || command === "DELETE" || command === "MERGE"
        ? { numAffectedRows: BigInt(rowCount ?? 0) }
        : {})
    }
  }

  class PooledConnection implements DatabaseConnection {
    transaction: { readonly scope: Scope.Closeable; readonly connection: Connection } | undefined = undefined

    executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const params = query.parameters as ReadonlyArray<unknown>
      return run(
        this.transaction === undefined
          ? sql.unsafe(query.sql, params).raw
          : this.transaction.connection.executeRaw(query.sql, params)
      ).then(toResult<R>)
    }

    // oxlint-disable-next-line require-yield
    async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
      throw new Error("streaming is not supported by the SqlClient dialect")
    }
  }

  const driver: Driver = {
    init: () => Promise.resolve(),
    acquireConnection: () => Promise.resolve(new PooledConnection()),
    beginTransaction: async (connection, settings: TransactionSettings) => {
      const pooled = connection as PooledConnection
      const scope = Scope.makeUnsafe()
      const reserved = await run(Scope.provide(sql.reserve, scope)).catch(async (error) => {
        await run(Scope.close(scope, Exit.void))
        throw error
      })
      pooled.transaction = { scope, connection: reserved }
      const begin =
        settings.isolationLevel || settings.accessMode
          ? `start transaction${settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : ""}${settings.accessMode ? ` ${settings.accessMode}` : ""}`
          : "begin"
      await pooled.executeQuery(CompiledQuery.raw(begin)).catch(async (error) => {
        await release(pooled)
        throw error
      })
    },
    commitTransaction: async (connection) => {
      const pooled = connection as PooledConnection
      const raw = await run(pooled.transaction!.connection.executeRaw("commit", []))
      // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK: that is a failure.
      if ((raw as { command?: string }).command === "ROLLBACK") {
        throw new Error("COMMIT rolled back an aborted transaction")
      }
    },
    rollbackTransaction: async (connection) => {
      const pooled = connection as PooledConnection
      await run(pooled.transaction!.connection.executeRaw("rollback", []))
    },
    releaseConnection: (connection) => release(connection as PooledConnection),
    destroy: () => Promise.resolve()
  }

  // Closing the scope hands the reserved connection back to the pool.
  const release = async (pooled: PooledConnection) => {
    const transaction = pooled.transaction
    pooled.transaction = undefined
    if (transaction) await run(Scope.close(transaction.scope, Exit.void))
  }

  return {
    createDriver: () => driver,
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createAdapter: () => new PostgresAdapter(),
    createIntrospector: (db: Kysely<any>) => new PostgresIntrospector(db)
  }
}
