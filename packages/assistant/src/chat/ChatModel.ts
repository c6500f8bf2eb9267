import { Context, Schema, type Stream } from "effect"

/** A tool the model may call: the MCP tool's name, description and input schema. */
export interface ModelTool {
  readonly name: string
  readonly description: string
  readonly parameters: Record<string, unknown>
}

export interface ModelToolCall {
  readonly id: string
  readonly name: string
  /** JSON text, as the model wrote it (it may not parse). */
  readonly arguments: string
}

/** The conversation as a model reads it (the OpenAI chat format, which every compatible server takes). */
export type ModelMessage =
  | { readonly role: "system" | "user"; readonly content: string }
  | { readonly role: "assistant"; readonly content: string; readonly toolCalls?: ReadonlyArray<ModelToolCall> }
  | { readonly role: "tool"; readonly toolCallId: string; readonly content: string }

/** What a model's reply streams: text as it is written, then the tool calls it wants, if any. */
export type ModelEvent =
  | { readonly _tag: "Text"; readonly delta: string }
  | { readonly _tag: "ToolCalls"; readonly calls: ReadonlyArray<ModelToolCall> }

/**
 * Why a reply did not come. `unreachable`: no model is configured or its server does not answer
 * (the assistant works offline); `timeout` and `failed` are told to the user as they are.
 */
export class ChatModelError extends Schema.TaggedError<ChatModelError>()("ChatModelError", {
  reason: Schema.Literals(["unreachable", "timeout", "failed"]),
  message: Schema.String
}) {}

/** A language model behind an OpenAI-compatible chat completions API (OpenAI, Ollama, vLLM, LM Studio). */
export class ChatModel extends Context.Service<
  ChatModel,
  {
    /** The model's name, or why there is none. */
    readonly describe: string
    readonly configured: boolean
    readonly reply: (request: {
      readonly messages: ReadonlyArray<ModelMessage>
      readonly tools: ReadonlyArray<ModelTool>
    }) => Stream.Stream<ModelEvent, ChatModelError>
  }
>()("tickler/assistant/ChatModel") {}
