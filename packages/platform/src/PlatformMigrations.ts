import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as Migrator from "effect/sql/Migrator"

const m0001_messaging = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  // Transactional outbox: a change and its events commit together; the relay publishes in id order.
  yield* sql`
    create table outbox (
      id bigint generated always as identity primary key,
      event_id uuid not null unique,
      topic text not null,
      partition_key text not null,
      envelope jsonb not null,
      created_at timestamptz not null default now(),
      published_at timestamptz
    )`
  yield* sql`create index outbox_unpublished on outbox (id) where published_at is null`
  // Idempotent consumers: an event's effect and its inbox row commit together, so a redelivery is a no-op.
  yield* sql`
    create table inbox (
      consumer text not null,
      event_id uuid not null,
      processed_at timestamptz not null default now(),
      primary key (consumer, event_id)
    )`
  // The dev profile's durable job timer (the Dapr Scheduler replaces it in the distributed profile).
  yield* sql`
    create table scheduled_jobs (
      name text primary key,
      fire_at timestamptz not null,
      data jsonb not null,
      attempts integer not null default 0
    )`
  yield* sql`create index scheduled_jobs_fire_at on scheduled_jobs (fire_at)`
  yield* sql`
    create table state_store (
      key text primary key,
      value jsonb not null,
      etag uuid not null,
      updated_at timestamptz not null default now()
    )`
})

/** A job keeps the trace context of the work that scheduled it, so its firing joins that trace. */
const m0002_job_trace = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`alter table scheduled_jobs add column traceparent text`
})

/**
 * A transaction that writes outbox rows notifies the relay as it commits (PostgreSQL sends NOTIFY at
 * commit, one per channel and payload per transaction), so the relay publishes at once instead of polling.
 * The channel is RelaySession's `OUTBOX_CHANNEL`.
 */
const m0003_outbox_notify = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    create function outbox_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('tickler_outbox', '');
      return null;
    end $$`
  yield* sql`create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify()`
})

/** The messaging tables every profile needs (outbox, inbox, jobs, state); tracked in `platform_migrations`. */
export const runPlatformMigrations = Migrator.make({})({
  loader: Migrator.fromRecord({
    "0001_messaging": m0001_messaging,
    "0002_job_trace": m0002_job_trace,
    "0003_outbox_notify": m0003_outbox_notify
  }),
  table: "platform_migrations"
})
