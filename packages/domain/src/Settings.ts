import { Schema } from "effect"
import { TimeZone } from "./TimeZone.ts"

export const NotificationChannel = Schema.Literals(["inApp", "email", "webPush"])
export type NotificationChannel = typeof NotificationChannel.Type

const LocalTime = Schema.String.check(
  Schema.isPattern(/^([01]\d|2[0-3]):[0-5]\d$/u, { message: "use HH:mm (24-hour)" })
)

export const QuietHours = Schema.Struct({ start: LocalTime, end: LocalTime })

export class UserSettings extends Schema.Class<UserSettings>("tickler/domain/UserSettings")({
  timeZone: TimeZone,
  channels: Schema.Array(NotificationChannel).check(Schema.isUnique({ message: "channels must not repeat" })),
  quietHours: Schema.NullOr(QuietHours)
}) {}

export const UpdateSettings = Schema.Struct({
  timeZone: Schema.optionalKey(TimeZone),
  channels: Schema.optionalKey(UserSettings.fields.channels),
  quietHours: Schema.optionalKey(Schema.NullOr(QuietHours))
})
export type UpdateSettings = typeof UpdateSettings.Type

export const defaultSettings = (timeZone: TimeZone): UserSettings =>
  new UserSettings({ timeZone, channels: ["inApp"], quietHours: null })
