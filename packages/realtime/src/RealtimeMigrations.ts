import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as Migrator from "effect/sql/Migrator"

const m0001_realtime_events = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  // Recent live events per user, numbered, so a client that reconnects with its last id gets what it missed.
  yield* sql`
    create table realtime_events (
      seq bigint generated always as identity primary key,
      event_id uuid not null unique,
      user_id text not null,
      event_type text not null,
      envelope jsonb not null,
      created_at timestamptz not null default now()
    )`
  yield* sql`create index realtime_events_user on realtime_events (user_id, seq)`
})

/** The realtime module's tables; tracked in `realtime_migrations`. */
export const runRealtimeMigrations = Migrator.make({})({
  loader: Migrator.fromRecord({ "0001_realtime_events": m0001_realtime_events }),
  table: "realtime_migrations"
})
