import { CurrentUser, TicklerApi } from "@tickler/api"
import { ActivityLog } from "@tickler/audit"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"

export const ActivityHttp = HttpApiBuilder.group(
  TicklerApi,
  "activity",
  Effect.fn(function* (handlers) {
    const log = yield* ActivityLog
    const user = CurrentUser.useSync((current) => current.id)
    return handlers
      .handle("forTask", ({ params, query }) =>
        Effect.flatMap(user, (userId) => log.list(userId, { ...query, taskId: params.id }))
      )
      .handle("all", ({ query }) => Effect.flatMap(user, (userId) => log.list(userId, query)))
  })
)
