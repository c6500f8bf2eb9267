import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as Migrator from "effect/sql/Migrator"

const m0001_reminder_occurrences = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  // One row per time a reminder should fire: the source of truth; scheduler jobs only trigger it.
  yield* sql`
    create table reminder_occurrences (
      job_name text primary key,
      reminder_id uuid not null,
      task_id uuid not null,
      user_id text not null,
      fire_at timestamptz not null,
      due_at timestamptz,
      status text not null default 'scheduled' check (status in ('scheduled', 'fired', 'cancelled')),
      fired_at timestamptz,
      late boolean,
      constraint reminder_occurrences_once unique (reminder_id, fire_at)
    )`
  yield* sql`create index reminder_occurrences_task on reminder_occurrences (task_id) where status = 'scheduled'`
  yield* sql`create index reminder_occurrences_due on reminder_occurrences (fire_at) where status = 'scheduled'`
})

/** The reminders module's tables; tracked in `reminders_migrations`. */
export const runRemindersMigrations = Migrator.make({})({
  loader: Migrator.fromRecord({ "0001_reminder_occurrences": m0001_reminder_occurrences }),
  table: "reminders_migrations"
})
