export { type Email, EmailFailed, EmailSender, type SmtpOptions } from "./EmailSender.ts"
export { HostLookup, HostNotFound } from "./HostLookup.ts"
export { type ReminderMessage, renderReminder } from "./Message.ts"
export { type NewNotification, Notifications } from "./Notifications.ts"
export {
  ATTEMPT_CUT_OFF,
  JOB_PREFIX,
  layerNotificationChannels,
  layerNotificationsConsumer,
  type NotificationsConsumerOptions
} from "./NotificationsConsumer.ts"
export { runNotificationsMigrations } from "./NotificationsMigrations.ts"
export { layerAccountMailer, layerAccountMailerConfig } from "./SmtpAccountMailer.ts"
export { PushDestinations, PushEndpointRefused } from "./PushDestinations.ts"
export { PushSubscriptions, type StoredPushSubscription } from "./PushSubscriptions.ts"
export { type QuietHours, quietHoursEnd } from "./QuietHours.ts"
export { generateVapidKeys, layerDevVapidKeys } from "./VapidKeys.ts"
export {
  PushFailed,
  type PushOptions,
  type PushRequestLimits,
  type PushTarget,
  SubscriptionGone,
  type VapidKeys,
  WebPushSender
} from "./WebPushSender.ts"
