import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as Migrator from "effect/sql/Migrator"

const m0001_activity = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  // Append-only: one row per task event; the unique event id makes a redelivered event a no-op.
  yield* sql`
    create table activity (
      id bigint generated always as identity primary key,
      event_id uuid not null unique,
      user_id text not null,
      task_id uuid not null,
      task_title text not null,
      action text not null check (action in ('created', 'updated', 'completed', 'reopened', 'deleted')),
      changes jsonb not null default '{}',
      occurred_at timestamptz not null,
      recorded_at timestamptz not null default now()
    )`
  yield* sql`create index activity_user on activity (user_id, id)`
  yield* sql`create index activity_task on activity (user_id, task_id, id)`
})

/** The audit module's tables; tracked in `audit_migrations`. */
export const runAuditMigrations = Migrator.make({})({
  loader: Migrator.fromRecord({ "0001_activity": m0001_activity }),
  table: "audit_migrations"
})
