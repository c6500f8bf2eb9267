import { Accounts } from "@tickler/accounts"
import { ActivityLog } from "@tickler/audit"
import { AccountExport, type ActivityEntry } from "@tickler/domain"
import { UserTaskData } from "@tickler/tasks"
import { Context, DateTime, Effect, Layer, Option } from "effect"

const ACTIVITY_PAGE = 500

/** "Export my data": what every module holds of the user, gathered into one document. */
export class AccountDataExport extends Context.Service<
  AccountDataExport,
  { readonly export: (userId: string) => Effect.Effect<AccountExport> }
>()("tickler/server/AccountDataExport") {
  static readonly layer = Layer.effect(
    AccountDataExport,
    Effect.gen(function* () {
      const accounts = yield* Accounts
      const taskData = yield* UserTaskData
      const activityLog = yield* ActivityLog

      const exportData = Effect.fn("AccountDataExport.export")(function* (userId: string) {
        const user = yield* Effect.flatMap(accounts.findUser(userId), (found) =>
          Option.isSome(found) ? Effect.succeed(found.value) : Effect.die(new Error(`no user ${userId}`))
        )
        const data = yield* taskData.export(userId)
        const activity: Array<ActivityEntry> = []
        let cursor: string | undefined
        do {
          const page = yield* activityLog.list(userId, {
            limit: ACTIVITY_PAGE,
            ...(cursor === undefined ? {} : { cursor })
          })
          activity.push(...page.items)
          cursor = page.nextCursor ?? undefined
        } while (cursor !== undefined)
        return new AccountExport({
          exportedAt: yield* DateTime.now,
          account: user,
          ...data,
          activity
        })
      })

      return AccountDataExport.of({ export: exportData })
    })
  )
}
