import * as Http from "node:http"
import type * as Net from "node:net"

/** One scripted reply of the model: text, tool calls (with optional text), an HTTP error, or silence. */
export type ScriptedReply =
  | { readonly kind: "text"; readonly text: string }
  | {
      readonly kind: "tools"
      readonly calls: ReadonlyArray<{ readonly name: string; readonly arguments: Record<string, unknown> }>
      readonly text?: string
    }
  | { readonly kind: "error"; readonly status: number; readonly message: string }
  | { readonly kind: "hang" }

/** The request a scripted reply may depend on (e.g. an id from the last tool result). */
export interface ChatRequest {
  readonly model: string
  readonly messages: ReadonlyArray<{
    readonly role: string
    readonly content?: string | null
    readonly tool_call_id?: string
    readonly tool_calls?: ReadonlyArray<{ readonly function: { readonly name: string } }>
  }>
  readonly tools?: ReadonlyArray<{ readonly function: { readonly name: string } }>
}

/**
 * An OpenAI-compatible chat completions server on loopback that answers from a script, streaming
 * as the real API does (chunks with text deltas and tool-call fragments, then `[DONE]`).
 */
export class FakeModel {
  readonly requests: Array<ChatRequest> = []
  private readonly replies: Array<ScriptedReply | ((request: ChatRequest) => ScriptedReply)> = []
  private readonly hanging = new Set<Http.ServerResponse>()
  private readonly server: Http.Server
  readonly url: string
  private constructor(server: Http.Server, url: string) {
    this.server = server
    this.url = url
  }

  static async start(): Promise<FakeModel> {
    let model: FakeModel | undefined
    const server = Http.createServer((request, response) => model!.handle(request, response))
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    model = new FakeModel(server, `http://127.0.0.1:${(server.address() as Net.AddressInfo).port}/v1`)
    return model
  }

  /** Queues replies, answered in order, one per chat completion request. */
  script(...replies: Array<ScriptedReply | ((request: ChatRequest) => ScriptedReply)>) {
    this.replies.push(...replies)
  }

  async close() {
    for (const response of this.hanging) response.destroy()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private handle(request: Http.IncomingMessage, response: Http.ServerResponse) {
    let body = ""
    request.on("data", (chunk) => (body += chunk))
    request.on("end", () => {
      if (request.method !== "POST" || !request.url?.endsWith("/chat/completions")) {
        response.writeHead(404).end()
        return
      }
      const chat = JSON.parse(body) as ChatRequest
      this.requests.push(chat)
      const next = this.replies.shift() ?? { kind: "text", text: "(nothing scripted)" }
      const reply = typeof next === "function" ? next(chat) : next
      this.answer(chat, reply, response)
    })
  }

  private answer(chat: ChatRequest, reply: ScriptedReply, response: Http.ServerResponse) {
    if (reply.kind === "hang") {
      this.hanging.add(response)
      return
    }
    if (reply.kind === "error") {
      response
        .writeHead(reply.status, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: reply.message, type: "server_error" } }))
      return
    }
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({
        id: "chatcmpl-fake",
        object: "chat.completion.chunk",
        created: Math.floor(Date.now() / 1000),
        model: chat.model,
        choices: [{ index: 0, delta, finish_reason: finish }]
      })}\n\n`
    response.writeHead(200, { "content-type": "text/event-stream" })
    response.write(chunk({ role: "assistant", content: "" }))
    const text = reply.text ?? ""
    // Text in a few pieces, as a model streams it.
    for (const piece of text.match(/.{1,12}/gs) ?? []) response.write(chunk({ content: piece }))
    if (reply.kind === "tools") {
      reply.calls.forEach((call, index) => {
        const args = JSON.stringify(call.arguments)
        const half = Math.ceil(args.length / 2)
        response.write(
          chunk({
            tool_calls: [
              {
                index,
                id: `call_${index}_${Date.now()}`,
                type: "function",
                function: { name: call.name, arguments: args.slice(0, half) }
              }
            ]
          })
        )
        response.write(chunk({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] }))
      })
    }
    response.write(chunk({}, reply.kind === "tools" ? "tool_calls" : "stop"))
    response.end("data: [DONE]\n\n")
  }
}

/** The last tool result the model was sent, parsed. */
export const lastToolResult = (request: ChatRequest): any => {
  const last = [...request.messages].reverse().find((message) => message.role === "tool")
  return last?.content ? JSON.parse(last.content) : undefined
}
