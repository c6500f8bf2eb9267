import { Config, Effect, Layer, Option, Redacted, Stream } from "effect"
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions"
import { ChatModel, ChatModelError, type ModelEvent, type ModelMessage, type ModelToolCall } from "./ChatModel.ts"

const toOpenAi = (message: ModelMessage): ChatCompletionMessageParam => {
  switch (message.role) {
    case "tool":
      return { role: "tool", tool_call_id: message.toolCallId, content: message.content }
    case "assistant":
      return {
        role: "assistant",
        content: message.content,
        ...(message.toolCalls && message.toolCalls.length > 0
          ? {
              tool_calls: message.toolCalls.map((call) => ({
                id: call.id,
                type: "function" as const,
                function: { name: call.name, arguments: call.arguments }
              }))
            }
          : {})
      }
    default:
      return { role: message.role, content: message.content }
  }
}

type OpenAiModule = typeof import("openai")

const toChatModelError = (
  { APIConnectionError, APIConnectionTimeoutError, APIError }: OpenAiModule,
  error: unknown
): ChatModelError => {
  if (error instanceof APIConnectionTimeoutError) {
    return new ChatModelError({ reason: "timeout", message: "the model did not answer in time" })
  }
  if (error instanceof APIConnectionError) {
    return new ChatModelError({ reason: "unreachable", message: `the model server is unreachable (${error.message})` })
  }
  if (error instanceof APIError) {
    return new ChatModelError({
      reason: "failed",
      message: `the model server answered ${error.status ?? "with an error"}: ${error.message}`
    })
  }
  return new ChatModelError({ reason: "failed", message: `the model failed: ${String(error)}` })
}

/**
 * A model behind any OpenAI-compatible endpoint, from `OPENAI_BASE_URL` (e.g. Ollama's
 * http://127.0.0.1:11434/v1), `OPENAI_API_KEY` and `TICKLER_CHAT_MODEL`. Without a base URL or key
 * there is no model, and the assistant works offline. The OpenAI client is loaded only when a model is
 * configured: 3.6 MB of heap (5 MB resident) in a process that would never call it.
 */
export const layerOpenAiChatModel = Layer.effect(
  ChatModel,
  Effect.gen(function* () {
    const baseURL = yield* Config.option(Config.String("OPENAI_BASE_URL"))
    const apiKey = yield* Config.option(Config.Redacted("OPENAI_API_KEY"))
    const model = yield* Config.String("TICKLER_CHAT_MODEL").pipe(Config.withDefault("gpt-4o-mini"))
    const maxTokens = yield* Config.Int("TICKLER_CHAT_MAX_TOKENS").pipe(Config.withDefault(1024))
    if (Option.isNone(baseURL) && Option.isNone(apiKey)) {
      return ChatModel.of({
        describe: "no model is configured (set OPENAI_BASE_URL or OPENAI_API_KEY)",
        configured: false,
        reply: () => Stream.fail(new ChatModelError({ reason: "unreachable", message: "no model is configured" }))
      })
    }
    const openAi = yield* Effect.promise((): Promise<OpenAiModule> => import("openai"))
    const client = new openAi.OpenAI({
      // Local servers (Ollama, vLLM, LM Studio) take any key.
      apiKey: Option.match(apiKey, { onNone: () => "none", onSome: (key) => Redacted.value(key) }),
      ...(Option.isSome(baseURL) ? { baseURL: baseURL.value } : {}),
      // The assistant bounds each call (TICKLER_CHAT_TIMEOUT) and aborts it; a retry would only add waiting.
      maxRetries: 0
    })

    async function* reply(request: Parameters<ChatModel["Service"]["reply"]>[0]): AsyncGenerator<ModelEvent> {
      const abort = new AbortController()
      try {
        const stream = await client.chat.completions.create(
          {
            model,
            messages: request.messages.map(toOpenAi),
            ...(request.tools.length > 0
              ? {
                  tools: request.tools.map((tool) => ({
                    type: "function" as const,
                    function: { name: tool.name, description: tool.description, parameters: tool.parameters }
                  }))
                }
              : {}),
            max_tokens: maxTokens,
            stream: true
          },
          { signal: abort.signal }
        )
        // Tool calls arrive in fragments, by index: the first carries id and name, the rest pieces of arguments.
        const calls: Array<{ id: string; name: string; arguments: string }> = []
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta
          if (delta?.content) yield { _tag: "Text", delta: delta.content }
          for (const fragment of delta?.tool_calls ?? []) {
            const call = (calls[fragment.index] ??= { id: "", name: "", arguments: "" })
            if (fragment.id) call.id = fragment.id
            if (fragment.function?.name) call.name += fragment.function.name
            if (fragment.function?.arguments) call.arguments += fragment.function.arguments
          }
        }
        const complete: Array<ModelToolCall> = calls.filter((call) => call.name !== "")
        if (complete.length > 0) yield { _tag: "ToolCalls", calls: complete }
      } finally {
        abort.abort()
      }
    }

    return ChatModel.of({
      describe: model,
      configured: true,
      reply: (request) =>
        Stream.fromAsyncIterable({ [Symbol.asyncIterator]: () => reply(request) }, (error) =>
          toChatModelError(openAi, error)
        )
    })
  })
)
