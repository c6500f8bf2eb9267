export { Reminders } from "./Reminders.ts"
export { layerReminderSweep, layerRemindersConsumer } from "./RemindersConsumer.ts"
export { runRemindersMigrations } from "./RemindersMigrations.ts"
