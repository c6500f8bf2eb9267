import { TicklerApi, CurrentUser } from "@tickler/api"
import { Assistant, Conversations } from "@tickler/assistant"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"

export const ChatHttp = HttpApiBuilder.group(
  TicklerApi,
  "chat",
  Effect.fn(function* (handlers) {
    const assistant = yield* Assistant
    const conversations = yield* Conversations
    const user = CurrentUser.useSync((current) => current.id)
    return handlers
      .handle("status", () => assistant.status)
      .handle("list", () => Effect.flatMap(user, (userId) => conversations.list(userId)))
      .handle("create", ({ payload }) => Effect.flatMap(user, (userId) => conversations.create(userId, payload.title)))
      .handle("get", ({ params }) =>
        Effect.flatMap(user, (userId) => Effect.map(conversations.get(userId, params.id), conversations.view))
      )
      .handle("rename", ({ params, payload }) =>
        Effect.flatMap(user, (userId) =>
          Effect.map(
            conversations.update(userId, params.id, (conversation) => ({ ...conversation, title: payload.title })),
            conversations.view
          )
        )
      )
      .handle("remove", ({ params }) => Effect.flatMap(user, (userId) => conversations.remove(userId, params.id)))
      .handle("send", ({ params, payload }) =>
        Effect.flatMap(user, (userId) => assistant.send(userId, params.id, payload.text))
      )
      .handle("confirm", ({ params, payload }) =>
        Effect.flatMap(user, (userId) => assistant.confirm(userId, params.id, payload.actionId, payload.approve))
      )
  })
)
