import { CurrentUser, TicklerApi } from "@tickler/api"
import { SavedViews } from "@tickler/tasks"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { asProblem } from "./Problems.ts"

export const ViewsHttp = HttpApiBuilder.group(
  TicklerApi,
  "views",
  Effect.fn(function* (handlers) {
    const views = yield* SavedViews
    const user = CurrentUser.useSync((current) => current.id)
    return handlers
      .handle("list", () => Effect.flatMap(user, (userId) => views.list(userId)))
      .handle("create", ({ payload }) => Effect.flatMap(user, (userId) => asProblem(views.create(userId, payload))))
      .handle("update", ({ params, payload }) =>
        Effect.flatMap(user, (userId) => asProblem(views.update(userId, params.id, payload)))
      )
      .handle("remove", ({ params }) => Effect.flatMap(user, (userId) => views.remove(userId, params.id)))
  })
)
