import { Schema } from "effect"
import { ActivityEntry } from "./Activity.ts"
import { AccountUser } from "./Account.ts"
import { UserSettings } from "./Settings.ts"
import { TagWithCount } from "./Tag.ts"
import { Task } from "./Task.ts"
import { SavedView } from "./View.ts"

/** Everything Tickler keeps of one user, as `GET /api/account/export` downloads it. */
export class AccountExport extends Schema.Class<AccountExport>("tickler/domain/AccountExport")({
  exportedAt: Schema.DateTimeUtcFromString,
  account: AccountUser,
  settings: UserSettings,
  /** Open and completed, oldest first. */
  tasks: Schema.Array(Task),
  tags: Schema.Array(TagWithCount),
  views: Schema.Array(SavedView),
  /** Newest first. */
  activity: Schema.Array(ActivityEntry)
}) {}
