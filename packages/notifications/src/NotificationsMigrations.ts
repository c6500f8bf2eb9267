import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as Migrator from "effect/sql/Migrator"

const m0001_notifications = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  // In-app notifications; ids are UUID v7, so `order by id desc` is newest first and the id is the cursor.
  yield* sql`
    create table notifications (
      id uuid primary key,
      user_id text not null,
      task_id text not null,
      reminder_id text not null,
      fire_at timestamptz not null,
      title text not null,
      body text not null,
      late boolean not null,
      created_at timestamptz not null,
      read_at timestamptz
    )`
  yield* sql`create index notifications_by_user on notifications (user_id, id desc)`
  yield* sql`create index notifications_unread on notifications (user_id) where read_at is null`
  // The sent ledger: one row per reminder occurrence and channel, whatever the number of trigger events
  // (redelivery, the sweep racing the job). The unique constraint is what makes a duplicate impossible.
  yield* sql`
    create table notification_deliveries (
      id uuid primary key,
      user_id text not null,
      task_id text not null,
      reminder_id text not null,
      fire_at timestamptz not null,
      channel text not null check (channel in ('inApp', 'email', 'webPush')),
      message jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'skipped')),
      attempts integer not null default 0,
      next_attempt_at timestamptz,
      last_error text,
      sent_endpoints text[] not null default '{}',
      created_at timestamptz not null,
      finished_at timestamptz,
      constraint notification_deliveries_once unique (reminder_id, fire_at, channel)
    )`
  yield* sql`create index notification_deliveries_pending on notification_deliveries (next_attempt_at)
    where status = 'pending'`
  // A browser's Web Push subscription; an endpoint belongs to the user who registered it last.
  yield* sql`
    create table push_subscriptions (
      endpoint text primary key,
      user_id text not null,
      p256dh text not null,
      auth text not null,
      created_at timestamptz not null default now()
    )`
  yield* sql`create index push_subscriptions_by_user on push_subscriptions (user_id)`
})

// An attempt claims its delivery ('sending') in a short transaction of its own before it talks to the
// mail server or push service, so a redelivered job cannot send while another attempt is under way;
// a claim left behind by a crashed process is handed back by the sweep once it is older than the lease.
const m0002_delivery_claims = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`alter table notification_deliveries drop constraint notification_deliveries_status_check`
  yield* sql`alter table notification_deliveries add constraint notification_deliveries_status_check
    check (status in ('pending', 'sending', 'sent', 'failed', 'skipped'))`
  yield* sql`alter table notification_deliveries add column claimed_at timestamptz`
  yield* sql`create index notification_deliveries_claimed on notification_deliveries (claimed_at)
    where status = 'sending'`
})

/** The notifications module's tables; tracked in `notifications_migrations`. */
export const runNotificationsMigrations = Migrator.make({})({
  loader: Migrator.fromRecord({
    "0001_notifications": m0001_notifications,
    "0002_delivery_claims": m0002_delivery_claims
  }),
  table: "notifications_migrations"
})
