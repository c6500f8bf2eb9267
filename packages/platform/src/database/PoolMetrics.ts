import { Effect, Layer, Metric, Schedule } from "effect"
import { SqlClient } from "effect/sql"
import { hostname } from "node:os"

const connections = Metric.gauge("db_client_connection_count", {
  description:
    "Connections this process holds to PostgreSQL, by state (used: running a statement or in a transaction; idle)"
})
const used = Metric.withAttributes(connections, { state: "used" })
const idle = Metric.withAttributes(connections, { state: "idle" })
const maximum = Metric.gauge("db_client_connection_max", {
  description: "Connections this process's pool may open to PostgreSQL"
})

/**
 * The name this process's connections carry in `pg_stat_activity` (at most 63 bytes), which the pool
 * sampler counts them by, and an operator sees in PostgreSQL's own views.
 */
export const applicationName = `tickler/${hostname().slice(0, 40)}/${process.pid}`

/**
 * Samples the pool's connections every few seconds from `pg_stat_activity`: the driver keeps no
 * statistics, and the server's view is the truth anyway (it also sees a connection stuck in a
 * transaction). The sampler's own query is one of the used connections, so it does not count itself.
 */
export const layerPoolMetrics = (maxConnections: number) =>
  Layer.effectDiscard(
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      yield* Metric.update(maximum, maxConnections)
      const sample = sql<{ state: string | null; count: number }>`select state, count(*)::int as count
        from pg_stat_activity where application_name = ${applicationName} group by state`.pipe(
        Effect.flatMap((rows) => {
          const count = (states: ReadonlyArray<string>) =>
            rows.filter((row) => row.state !== null && states.includes(row.state)).reduce((n, row) => n + row.count, 0)
          const busy = count([
            "active",
            "idle in transaction",
            "idle in transaction (aborted)",
            "fastpath function call"
          ])
          return Effect.all([Metric.update(used, Math.max(0, busy - 1)), Metric.update(idle, count(["idle"]))])
        }),
        Effect.catchCause(() => Effect.void)
      )
      yield* Effect.forkScoped(sample.pipe(Effect.repeat(Schedule.spaced("5 seconds"))))
    })
  )
