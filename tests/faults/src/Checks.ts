// What "nothing lost, nothing doubled" means in the database, for one burst's users.
import { ATTEMPT_CUT_OFF } from "@tickler/notifications"
import { query } from "./Stack.ts"

export interface Effects {
  /** outbox rows (any user) not yet published */
  readonly unpublished: number
  /** task events in the outbox for these users, activity rows, and task events with no activity row */
  readonly taskEvents: number
  readonly activity: number
  readonly activityMissing: number
  /** completed recurring instances, those with a successor (same series, next occurrence), all instances */
  readonly completed: number
  readonly withSuccessor: number
  readonly seriesInstances: number
  /** (series, occurrence) pairs held by more than one task: the constraint makes this 0 */
  readonly duplicateInstances: number
  /** reminder occurrences, fired ones, and ones without exactly one in-app delivery / notification */
  readonly occurrences: number
  readonly fired: number
  readonly inAppSent: number
  readonly notifications: number
  readonly occurrencesWithoutOneNotification: number
  /** email ledger rows sent, failed, pending */
  readonly emailSent: number
  readonly emailNotSent: number
  /** email deliveries whose attempt was cut off by a crash (claim expired) and were sent again */
  readonly emailCutOff: number
}

export const measure = async (userIds: ReadonlyArray<string>): Promise<Effects> => {
  const users = `(${userIds.map((id) => `'${id.replaceAll("'", "''")}'`).join(",")})`
  const [row] = await query(`
    select
      (select count(*) from outbox where published_at is null),
      (select count(*) from outbox where topic = 'task-events' and partition_key in ${users}),
      (select count(*) from activity where user_id in ${users}),
      (select count(*) from outbox o where o.topic = 'task-events' and o.partition_key in ${users}
         and not exists (select 1 from activity a where a.event_id = o.event_id)),
      (select count(*) from tasks where user_id in ${users} and series_id is not null and status = 'completed'),
      (select count(*) from tasks c where c.user_id in ${users} and c.series_id is not null and c.status = 'completed'
         and exists (select 1 from tasks n where n.series_id = c.series_id and n.occurrence = c.occurrence + 1)),
      (select count(*) from tasks where user_id in ${users} and series_id is not null),
      (select count(*) from (select 1 from tasks where user_id in ${users} and series_id is not null
         group by series_id, occurrence having count(*) > 1) d),
      (select count(*) from reminder_occurrences where user_id in ${users}),
      (select count(*) from reminder_occurrences where user_id in ${users} and status = 'fired'),
      (select count(*) from notification_deliveries where user_id in ${users} and channel = 'inApp' and status = 'sent'),
      (select count(*) from notifications where user_id in ${users}),
      (select count(*) from reminder_occurrences r where r.user_id in ${users} and 1 <> (
         select count(*) from notifications n where n.reminder_id = r.reminder_id::text and n.fire_at = r.fire_at)),
      (select count(*) from notification_deliveries where user_id in ${users} and channel = 'email' and status = 'sent'),
      (select count(*) from notification_deliveries where user_id in ${users} and channel = 'email' and status <> 'sent'),
      (select count(*) from notification_deliveries where user_id in ${users} and channel = 'email'
         and last_error = '${ATTEMPT_CUT_OFF.replaceAll("'", "''")}')
  `)
  const n = (row ?? []).map(Number)
  return {
    unpublished: n[0]!,
    taskEvents: n[1]!,
    activity: n[2]!,
    activityMissing: n[3]!,
    completed: n[4]!,
    withSuccessor: n[5]!,
    seriesInstances: n[6]!,
    duplicateInstances: n[7]!,
    occurrences: n[8]!,
    fired: n[9]!,
    inAppSent: n[10]!,
    notifications: n[11]!,
    occurrencesWithoutOneNotification: n[12]!,
    emailSent: n[13]!,
    emailNotSent: n[14]!,
    emailCutOff: n[15]!
  }
}

/** Everything the burst set in motion has happened (the test then asserts it happened exactly once). */
export const settled = (e: Effects, expected: { readonly completions: number; readonly reminders: number }) =>
  e.unpublished === 0 &&
  e.activity >= e.taskEvents &&
  e.withSuccessor >= expected.completions &&
  e.fired >= expected.reminders &&
  e.inAppSent >= expected.reminders &&
  e.emailSent + e.emailNotSent >= expected.reminders &&
  e.emailNotSent === 0
