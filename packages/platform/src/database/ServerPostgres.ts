import { PgClient } from "@effect/sql-pg"
import { Config, Redacted } from "effect"

/** A real PostgreSQL server, from `DATABASE_URL` (`postgres://user:password@host:port/database`). */
export const layerServerPostgres = PgClient.layerConfig({
  url: Config.Redacted("DATABASE_URL"),
  maxConnections: Config.Int("DATABASE_POOL_SIZE").pipe(Config.withDefault(10))
})

export const layerServerPostgresUrl = (url: string, maxConnections = 10) =>
  PgClient.layerConfig({ url: Config.succeed(Redacted.make(url)), maxConnections: Config.succeed(maxConnections) })
