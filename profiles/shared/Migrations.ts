import { runAccountsMigrations } from "@tickler/accounts"
import { runAuditMigrations } from "@tickler/audit"
import { runNotificationsMigrations } from "@tickler/notifications"
import { runPlatformMigrations, layerMigrations } from "@tickler/platform"
import { runRealtimeMigrations } from "@tickler/realtime"
import { runRemindersMigrations } from "@tickler/reminders"
import { runTasksMigrations } from "@tickler/tasks"

/**
 * Every module's migrations, each tracked in its own table. Profiles that serve the whole API (or
 * start first, like the split `api` process) run these; the other split processes run only their own.
 */
export const AllMigrations = layerMigrations([
  runPlatformMigrations,
  runTasksMigrations,
  runAccountsMigrations,
  runAuditMigrations,
  runRemindersMigrations,
  runRealtimeMigrations,
  runNotificationsMigrations
])
