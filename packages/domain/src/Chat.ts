/**
 * The chat assistant's conversations as users see them: messages, the tool steps the assistant ran,
 * an action waiting for the user's yes or no, and the events a reply streams.
 */
import { Schema } from "effect"
import { TrimmedText } from "./Text.ts"

export const MAX_CHAT_MESSAGE_LENGTH = 4_000
export const MAX_CONVERSATION_TITLE_LENGTH = 100

export const ConversationId = Schema.String.check(Schema.isUUID()).pipe(Schema.brand("ConversationId"))
export type ConversationId = typeof ConversationId.Type

export const ChatText = TrimmedText(
  MAX_CHAT_MESSAGE_LENGTH,
  `a message is 1–${MAX_CHAT_MESSAGE_LENGTH} characters, not blank`
)

export const ConversationTitle = TrimmedText(
  MAX_CONVERSATION_TITLE_LENGTH,
  `a conversation title is 1–${MAX_CONVERSATION_TITLE_LENGTH} characters, not blank`
)

/** One tool the assistant ran, as the chat shows it: "Added 'Call mum' — tomorrow 18:00". */
export const ChatStep = Schema.Struct({
  tool: Schema.String,
  ok: Schema.Boolean,
  summary: Schema.String
})
export type ChatStep = typeof ChatStep.Type

/** A tool call the assistant planned; `arguments` as the model or the offline planner wrote them. */
export const PlannedCall = Schema.Struct({
  id: Schema.String,
  tool: Schema.String,
  arguments: Schema.Record(Schema.String, Schema.Unknown)
})
export type PlannedCall = typeof PlannedCall.Type

/** Changes the assistant will make only once the user says yes (deleting, or changing many tasks). */
export const PendingAction = Schema.Struct({
  id: Schema.String,
  summary: Schema.String,
  calls: Schema.Array(PlannedCall)
})
export type PendingAction = typeof PendingAction.Type

export const ChatMessage = Schema.Struct({
  role: Schema.Literals(["user", "assistant"]),
  text: Schema.String,
  /** The tools the assistant ran for this reply, in order. */
  steps: Schema.Array(ChatStep),
  at: Schema.DateTimeUtcFromString
})
export type ChatMessage = typeof ChatMessage.Type

export class ConversationSummary extends Schema.Class<ConversationSummary>("tickler/domain/ConversationSummary")({
  id: ConversationId,
  title: Schema.String,
  createdAt: Schema.DateTimeUtcFromString,
  updatedAt: Schema.DateTimeUtcFromString
}) {}

export class Conversation extends Schema.Class<Conversation>("tickler/domain/Conversation")({
  ...ConversationSummary.fields,
  messages: Schema.Array(ChatMessage),
  /** What the assistant waits for the user to confirm or decline, if anything. */
  pending: Schema.NullOr(PendingAction)
}) {}

/** How the assistant answers: with a language model, or offline with its own phrase parser. */
export const ChatMode = Schema.Struct({
  mode: Schema.Literals(["model", "offline"]),
  /** The model's name, or why the assistant is offline. */
  detail: Schema.String
})
export type ChatMode = typeof ChatMode.Type

/** What a reply streams, in order: its mode, text and steps as they happen, then `done` or `error`. */
export const ChatEvent = Schema.Union([
  Schema.Struct({ type: Schema.Literal("mode"), mode: ChatMode }),
  Schema.Struct({ type: Schema.Literal("text"), delta: Schema.String }),
  Schema.Struct({ type: Schema.Literal("step"), step: ChatStep }),
  Schema.Struct({ type: Schema.Literal("confirm"), action: PendingAction }),
  Schema.Struct({ type: Schema.Literal("done"), message: ChatMessage }),
  Schema.Struct({ type: Schema.Literal("error"), message: Schema.String })
])
export type ChatEvent = typeof ChatEvent.Type
