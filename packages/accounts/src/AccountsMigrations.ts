import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as Migrator from "effect/sql/Migrator"

/**
 * Better Auth 1.7's tables for email + password with the bearer plugin, exactly as its own
 * generator emits them for PostgreSQL (Better Auth checks this schema at runtime and refuses a
 * mismatch). Column names are Better Auth's camelCase, hence the quoting.
 */
const m0001_better_auth = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    create table "user" (
      "id" text not null primary key,
      "name" text not null,
      "email" text not null unique,
      "emailVerified" boolean not null,
      "image" text,
      "createdAt" timestamptz default current_timestamp not null,
      "updatedAt" timestamptz default current_timestamp not null
    )`
  // Better Auth lowercases emails before storing; this makes "one account per address" hold even if a
  // write ever bypassed that.
  yield* sql`create unique index "user_email_lower_unique" on "user" (lower("email"))`
  yield* sql`
    create table "session" (
      "id" text not null primary key,
      "expiresAt" timestamptz not null,
      "token" text not null unique,
      "createdAt" timestamptz default current_timestamp not null,
      "updatedAt" timestamptz not null,
      "ipAddress" text,
      "userAgent" text,
      "userId" text not null references "user" ("id") on delete cascade
    )`
  yield* sql`create index "session_userId_idx" on "session" ("userId")`
  yield* sql`
    create table "account" (
      "id" text not null primary key,
      "accountId" text not null,
      "providerId" text not null,
      "userId" text not null references "user" ("id") on delete cascade,
      "accessToken" text,
      "refreshToken" text,
      "idToken" text,
      "accessTokenExpiresAt" timestamptz,
      "refreshTokenExpiresAt" timestamptz,
      "scope" text,
      "password" text,
      "createdAt" timestamptz default current_timestamp not null,
      "updatedAt" timestamptz not null
    )`
  yield* sql`create index "account_userId_idx" on "account" ("userId")`
  yield* sql`
    create table "verification" (
      "id" text not null primary key,
      "identifier" text not null,
      "value" text not null,
      "expiresAt" timestamptz not null,
      "createdAt" timestamptz default current_timestamp not null,
      "updatedAt" timestamptz default current_timestamp not null
    )`
  yield* sql`create index "verification_identifier_idx" on "verification" ("identifier")`
})

/** Account mails sent per user in the last hour (the per-user cap); older rows are dropped as new ones come. */
const m0002_account_mails = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    create table account_mails (
      id bigint generated always as identity primary key,
      user_id text not null references "user" ("id") on delete cascade,
      kind text not null check (kind in ('email-verification', 'password-reset')),
      sent_at timestamptz not null default now()
    )`
  yield* sql`create index account_mails_user on account_mails (user_id, sent_at)`
})

/** Recent sign-in, sign-up and reset attempts per key (account or address); older rows go as new ones come. */
const m0003_auth_attempts = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    create table auth_attempts (
      id bigint generated always as identity primary key,
      key text not null,
      at timestamptz not null default now()
    )`
  yield* sql`create index auth_attempts_key on auth_attempts (key, at)`
})

const loader = Migrator.fromRecord({
  "0001_better_auth": m0001_better_auth,
  "0002_account_mails": m0002_account_mails,
  "0003_auth_attempts": m0003_auth_attempts
})

/** Creates/updates the accounts tables; tracked in its own `accounts_migrations` table. */
export const runAccountsMigrations = Migrator.make({})({ loader, table: "accounts_migrations" })
