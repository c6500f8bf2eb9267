import { AssistantApi, CurrentUser, TicklerApi } from "@tickler/api"
import { Assistant, Conversations } from "@tickler/assistant"
import { Effect } from "effect"
import type { HttpApi, HttpApiGroup } from "effect/http-api"
import { HttpApiBuilder } from "effect/http-api"

/** The chat group as both APIs hold it (same prefix, same middleware). */
type ChatGroup =
  typeof TicklerApi extends HttpApi.HttpApi<string, infer Groups> ? HttpApiGroup.WithIdentifier<Groups, "chat"> : never

/** The chat endpoints, for whichever API serves them. */
const chatHandlers = Effect.fn(function* (handlers: HttpApiBuilder.Handlers.FromGroup<ChatGroup>) {
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

/** In the whole API (`dev`, the `api` process). */
export const ChatHttp = HttpApiBuilder.group(TicklerApi, "chat", chatHandlers)

/** In the `assistant` process of the split topology, which serves only these. */
export const AssistantChatHttp = HttpApiBuilder.group(AssistantApi, "chat", chatHandlers)
