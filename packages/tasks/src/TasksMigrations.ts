import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as Migrator from "effect/sql/Migrator"

const m0001_tasks = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`create extension if not exists pg_trgm`
  yield* sql`
    create table tasks (
      id uuid primary key,
      user_id text not null,
      title text not null check (char_length(title) between 1 and 500),
      description text not null default '' check (char_length(description) <= 20000),
      status text not null default 'open' check (status in ('open', 'completed')),
      priority smallint not null default 0 check (priority between 0 and 4),
      due_kind text check (due_kind in ('date', 'datetime')),
      due_date text,
      due_local text,
      due_zone text,
      due_at timestamptz,
      recurrence_rule text,
      recurrence_mode text check (recurrence_mode in ('schedule', 'completion')),
      series_id uuid,
      occurrence integer,
      reminders jsonb not null default '[]',
      created_at timestamptz not null,
      updated_at timestamptz not null,
      completed_at timestamptz,
      search tsvector generated always as (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', description), 'B')
      ) stored,
      -- At most one instance per occurrence of a series: a redelivered completion cannot create two.
      constraint tasks_series_occurrence_unique unique (series_id, occurrence),
      constraint tasks_due_consistent check ((due_kind is null) = (due_at is null))
    )`
  // Every query is per user; these keep each filter and sort an index range scan at 1M tasks.
  yield* sql`create index tasks_user_due on tasks (user_id, status, (coalesce(due_at, 'infinity'::timestamptz)), id)`
  yield* sql`create index tasks_user_created on tasks (user_id, created_at, id)`
  yield* sql`create index tasks_user_updated on tasks (user_id, updated_at, id)`
  yield* sql`create index tasks_user_priority on tasks (user_id, priority, id)`
  yield* sql`create index tasks_user_title on tasks (user_id, lower(title), id)`
  yield* sql`create index tasks_user_completed on tasks (user_id, (coalesce(completed_at, '-infinity'::timestamptz)), id)`
  yield* sql`create index tasks_search on tasks using gin (search)`
  yield* sql`create index tasks_title_trgm on tasks using gin (title gin_trgm_ops)`

  yield* sql`
    create table tags (
      id uuid primary key,
      user_id text not null,
      name text not null,
      key text not null,
      created_at timestamptz not null default now(),
      constraint tags_user_key_unique unique (user_id, key)
    )`
  yield* sql`
    create table task_tags (
      task_id uuid not null references tasks (id) on delete cascade,
      tag_id uuid not null references tags (id) on delete cascade,
      primary key (task_id, tag_id)
    )`
  yield* sql`create index task_tags_tag on task_tags (tag_id, task_id)`

  yield* sql`
    create table user_settings (
      user_id text primary key,
      time_zone text not null,
      channels text[] not null,
      quiet_start text,
      quiet_end text,
      updated_at timestamptz not null default now()
    )`
})

const m0002_views = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    create table views (
      id uuid primary key,
      user_id text not null,
      name text not null check (char_length(name) between 1 and 100 and name = btrim(name)),
      query text not null check (char_length(query) between 1 and 2000),
      position integer not null check (position >= 0),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`
  // Names are unique per user ignoring case; the index also serves the per-user list.
  yield* sql`create unique index views_user_name_unique on views (user_id, lower(name))`
  yield* sql`create index views_user_position on views (user_id, position, id)`
})

const loader = Migrator.fromRecord({ "0001_tasks": m0001_tasks, "0002_views": m0002_views })

/** Creates or upgrades the tasks module's tables; tracked in its own `tasks_migrations` table. */
export const runTasksMigrations = Migrator.make({})({ loader, table: "tasks_migrations" })
