import {
  ActionNotPending,
  ChatEvent,
  ChatMode,
  ChatText,
  Conversation,
  ConversationId,
  ConversationNotFound,
  ConversationSummary,
  ConversationTitle,
  Text
} from "@tickler/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"

const idParams = { id: ConversationId }

/** A reply as Server-Sent Events: each event's data is one `ChatEvent`. */
const Reply = HttpApiSchema.StreamSse({ data: ChatEvent })

export class ChatApi extends HttpApiGroup.make("chat")
  .add(
    HttpApiEndpoint.get("status", "/status", { success: ChatMode }),
    HttpApiEndpoint.get("list", "/conversations", { success: Schema.Array(ConversationSummary) }),
    HttpApiEndpoint.post("create", "/conversations", {
      payload: Schema.Struct({ title: Schema.optionalKey(ConversationTitle) }),
      success: Conversation.pipe(HttpApiSchema.status(201))
    }),
    HttpApiEndpoint.get("get", "/conversations/:id", {
      params: idParams,
      success: Conversation,
      error: ConversationNotFound
    }),
    HttpApiEndpoint.patch("rename", "/conversations/:id", {
      params: idParams,
      payload: Schema.Struct({ title: ConversationTitle }),
      success: Conversation,
      error: ConversationNotFound
    }),
    HttpApiEndpoint.delete("remove", "/conversations/:id", {
      params: idParams,
      success: HttpApiSchema.NoContent,
      error: ConversationNotFound
    }),
    HttpApiEndpoint.post("send", "/conversations/:id/messages", {
      params: idParams,
      payload: Schema.Struct({ text: ChatText }),
      success: Reply,
      error: ConversationNotFound
    }),
    HttpApiEndpoint.post("confirm", "/conversations/:id/confirm", {
      params: idParams,
      payload: Schema.Struct({ actionId: Text(100, "actionId is at most 100 characters"), approve: Schema.Boolean }),
      success: Reply,
      error: [ConversationNotFound, ActionNotPending]
    })
  )
  .middleware(Authentication)
  .prefix("/chat")
  .annotateMerge(
    OpenApi.annotations({
      title: "Chat",
      description:
        "The chat assistant: conversations, and replies streamed as Server-Sent Events (text as it is written, " +
        "each tool step, a confirmation request before deleting or changing many tasks)"
    })
  ) {}
