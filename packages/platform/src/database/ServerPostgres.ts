import { PgClient } from "@effect/sql-pg"
import { Config, Duration, Effect, Layer, Redacted } from "effect"
import { RelaySession } from "../messaging/RelaySession.ts"
import { applicationName, layerPoolMetrics } from "./PoolMetrics.ts"

const DEFAULT_STATEMENT_TIMEOUT = Duration.seconds(2)

export interface ServerPostgresOptions {
  readonly maxConnections?: number
  /**
   * No statement runs longer: PostgreSQL cancels it (503 at the API), so one costly request cannot
   * hold a connection and the server's CPU. `runMigrations` lifts it. Default 2 s.
   */
  readonly statementTimeout?: Duration.Duration
}

/**
 * A PostgreSQL server at `url` (`postgres://user:password@host:port/database`), its pool sampled, and
 * the outbox relay's session beside the pool (opened only by a relay).
 */
export const layerServerPostgresUrl = (url: string | Redacted.Redacted, options: ServerPostgresOptions = {}) => {
  const maxConnections = options.maxConnections ?? 10
  const connection = {
    url: typeof url === "string" ? Redacted.make(url) : url,
    applicationName,
    startupParameters: {
      statement_timeout: String(Duration.toMillis(options.statementTimeout ?? DEFAULT_STATEMENT_TIMEOUT))
    }
  }
  return Layer.merge(
    layerPoolMetrics(maxConnections).pipe(Layer.provideMerge(PgClient.layer({ ...connection, maxConnections }))),
    // Named apart, so the pool's sampler does not count it.
    RelaySession.layerServer({ ...connection, applicationName: `${applicationName}/relay` })
  )
}

/** A PostgreSQL server from `DATABASE_URL`, `DATABASE_POOL_SIZE` and `DATABASE_STATEMENT_TIMEOUT`. */
export const layerServerPostgres = Layer.unwrap(
  Effect.gen(function* () {
    const url = yield* Config.Redacted("DATABASE_URL")
    const maxConnections = yield* Config.Int("DATABASE_POOL_SIZE").pipe(Config.withDefault(10))
    const statementTimeout = yield* Config.Duration("DATABASE_STATEMENT_TIMEOUT").pipe(
      Config.withDefault(DEFAULT_STATEMENT_TIMEOUT)
    )
    return layerServerPostgresUrl(url, { maxConnections, statementTimeout })
  })
)
