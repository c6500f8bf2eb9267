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
 * The channel is RelaySession's `OUTBOX_CHANNEL`; 0004 notifies only a waiting relay.
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

/**
 * Notifies only while the relay waits (`outbox_relay.waiting`, set by the leading relay): every NOTIFY
 * holds a cluster-wide lock to the end of its commit, which serialised the outbox-writing commits
 * (measured with fsync on and 8 writers: 1,825 → 497 commits/s). A writer reads the flag at commit (a
 * deferred trigger) under a shared advisory lock ("outbox" in ASCII) that the relay takes exclusively
 * to turn the flag on: when it looks a last time before it waits, every commit that read the flag off
 * is visible to it. Unlogged: the flag needs no WAL, and the relay upserts it after a crash emptied it.
 */
const m0004_outbox_notify_when_waiting = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    create unlogged table outbox_relay (
      id boolean primary key default true check (id),
      waiting boolean not null default false
    )`
  yield* sql`
    create or replace function outbox_notify() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock_shared(122550254464888);
      if (select waiting from outbox_relay) then
        perform pg_notify('tickler_outbox', '');
      end if;
      return null;
    end $$`
  yield* sql`drop trigger outbox_notify on outbox`
  yield* sql`
    create constraint trigger outbox_notify after insert on outbox
    deferrable initially deferred for each row execute function outbox_notify()`
})

/**
 * The waiting relay's flag is an advisory lock instead ("outbox" in ASCII): the leading relay holds it
 * while it waits, so a writer that cannot take it shared notifies; one that can holds it to the end of
 * its commit, so the relay takes it only once every commit that saw it free is visible. Cheaper for the
 * writers than a row read per outbox row, and it goes with the relay's connection when the relay dies.
 */
const m0005_outbox_wait_lock = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    create or replace function outbox_notify() returns trigger language plpgsql as $$
    begin
      if not pg_try_advisory_xact_lock_shared(122550254464888) then
        perform pg_notify('tickler_outbox', '');
      end if;
      return null;
    end $$`
  yield* sql`drop table outbox_relay`
})

/** The messaging tables every profile needs (outbox, inbox, jobs, state); tracked in `platform_migrations`. */
export const runPlatformMigrations = Migrator.make({})({
  loader: Migrator.fromRecord({
    "0001_messaging": m0001_messaging,
    "0002_job_trace": m0002_job_trace,
    "0003_outbox_notify": m0003_outbox_notify,
    "0004_outbox_notify_when_waiting": m0004_outbox_notify_when_waiting,
    "0005_outbox_wait_lock": m0005_outbox_wait_lock
  }),
  table: "platform_migrations"
})
