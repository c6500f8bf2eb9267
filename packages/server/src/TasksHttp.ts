import { Accounts } from "@tickler/accounts"
import { CurrentUser, InvalidInputProblem, TicklerApi } from "@tickler/api"
import { Tags, Tasks, UserSettingsStore } from "@tickler/tasks"
import { Effect, Option } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { asProblem } from "./Problems.ts"

export const TasksHttp = HttpApiBuilder.group(
  TicklerApi,
  "tasks",
  Effect.fn(function* (handlers) {
    const tasks = yield* Tasks
    const user = CurrentUser.useSync((current) => current.id)
    return handlers
      .handle("list", ({ query }) => Effect.flatMap(user, (userId) => asProblem(tasks.list(userId, query))))
      .handle("create", ({ payload }) => Effect.flatMap(user, (userId) => asProblem(tasks.create(userId, payload))))
      .handle("parse", ({ payload }) => Effect.flatMap(user, (userId) => tasks.parse(userId, payload.text)))
      .handle("get", ({ params }) => Effect.flatMap(user, (userId) => tasks.get(userId, params.id)))
      .handle("update", ({ params, payload }) =>
        Effect.flatMap(user, (userId) => asProblem(tasks.update(userId, params.id, payload)))
      )
      .handle("remove", ({ params }) => Effect.flatMap(user, (userId) => tasks.remove(userId, params.id)))
      .handle("complete", ({ params }) => Effect.flatMap(user, (userId) => tasks.complete(userId, params.id)))
      .handle("reopen", ({ params }) => Effect.flatMap(user, (userId) => tasks.reopen(userId, params.id)))
  })
)

export const TagsHttp = HttpApiBuilder.group(
  TicklerApi,
  "tags",
  Effect.fn(function* (handlers) {
    const tags = yield* Tags
    const user = CurrentUser.useSync((current) => current.id)
    return handlers
      .handle("list", () => Effect.flatMap(user, (userId) => tags.list(userId)))
      .handle("rename", ({ params, payload }) =>
        Effect.flatMap(user, (userId) => tags.rename(userId, params.name, payload.name))
      )
      .handle("remove", ({ params }) => Effect.flatMap(user, (userId) => tags.remove(userId, params.name)))
  })
)

export const SettingsHttp = HttpApiBuilder.group(
  TicklerApi,
  "settings",
  Effect.fn(function* (handlers) {
    const settings = yield* UserSettingsStore
    const accounts = yield* Accounts
    const user = CurrentUser.useSync((current) => current.id)
    // Email goes only to an address its owner confirmed: otherwise anyone could sign up with someone
    // else's and have reminders mailed there. Read fresh, not from the session's cached copy.
    const emailAllowed = (userId: string) =>
      Effect.flatMap(accounts.findUser(userId), (found) =>
        Option.exists(found, (account) => account.emailVerified)
          ? Effect.void
          : Effect.fail(
              new InvalidInputProblem({
                field: "channels",
                detail: "verify your email address first: email notifications go only to a verified address"
              })
            )
      )
    return handlers
      .handle("get", () => Effect.flatMap(user, (userId) => settings.get(userId)))
      .handle("update", ({ payload }) =>
        Effect.gen(function* () {
          const userId = yield* user
          if (payload.channels?.includes("email")) yield* emailAllowed(userId)
          return yield* settings.update(userId, payload)
        })
      )
  })
)

export const SystemHttp = HttpApiBuilder.group(TicklerApi, "system", (handlers) =>
  handlers.handle("health", () => Effect.void)
)
