import type { Client } from "@modelcontextprotocol/sdk/client/index.js"
import type { Tool as McpTool } from "@modelcontextprotocol/sdk/types.js"
import {
  ActionNotPending,
  type ChatEvent,
  type ChatMessage,
  type ChatMode,
  type ChatStep,
  type ConversationNotFound,
  type PendingAction,
  type PlannedCall,
  uuidv7
} from "@tickler/domain"
import { UserSettingsStore } from "@tickler/tasks"
import { Clock, Config, Context, DateTime, Effect, Layer, Queue, Stream } from "effect"
import { Temporal } from "temporal-polyfill"
import { TicklerMcp } from "../mcp/TicklerMcp.ts"
import { ChatModel, ChatModelError, type ModelMessage, type ModelToolCall } from "./ChatModel.ts"
import { Conversations, DEFAULT_TITLE, type StoredConversation } from "./Conversations.ts"
import { type OfflinePlan, planOffline } from "./OfflinePlanner.ts"
import { describeTask, summarizeStep, type TaskJson } from "./StepSummary.ts"

/** More changing calls than this in one reply ("change many tasks") wait for the user's yes. */
const MANY_CHANGES = 3

const HELP =
  'I can add tasks ("add pay rent on the 1st of every month at 9am"), show them ("what\'s due today", ' +
  '"show #work", "search dentist", or any filter such as "show p1 & overdue"), complete, reopen or delete ' +
  'them by title ("complete pay rent"), and set reminders ("remind me about pay rent 1 day before").'

interface CallOutcome {
  readonly ok: boolean
  readonly result: Record<string, unknown>
  /** What the model reads back: the result as JSON, or the tool's error message. */
  readonly content: string
}

/** One turn's working state: the events it streams and the tools of its MCP session. */
interface Turn {
  readonly userId: string
  readonly emit: (event: ChatEvent) => Effect.Effect<void>
  readonly mcp: Client
  readonly tools: ReadonlyArray<McpTool>
  readonly steps: Array<ChatStep>
}

const parseArguments = (text: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(text === "" ? "{}" : text)
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** A new conversation is named after its first message: up to 60 characters, cut between words. */
const titleFrom = (text: string) => (text.length <= 60 ? text : `${text.slice(0, 60).replace(/\s+\S*$/, "")}…`)

const now = Effect.map(Clock.currentTimeMillis, (ms) => DateTime.fromDateUnsafe(new Date(ms)))

/**
 * The chat assistant. With a model it plans with tool calling over Tickler's MCP tools (an
 * in-process MCP session per turn, so the tools are the very ones MCP clients get), several calls
 * per turn, and asks before deleting or changing many tasks. Without one, or when it is
 * unreachable, it understands the common requests itself (`planOffline`) and says it is offline.
 */
export class Assistant extends Context.Service<
  Assistant,
  {
    readonly status: Effect.Effect<ChatMode>
    /** The reply to `text`, once the conversation is known to exist. */
    readonly send: (
      userId: string,
      conversationId: string,
      text: string
    ) => Effect.Effect<Stream.Stream<ChatEvent>, ConversationNotFound>
    /** Carries out (or drops) the pending action `actionId`, and the reply after it. */
    readonly confirm: (
      userId: string,
      conversationId: string,
      actionId: string,
      approve: boolean
    ) => Effect.Effect<Stream.Stream<ChatEvent>, ConversationNotFound | ActionNotPending>
  }
>()("tickler/assistant/Assistant") {
  static readonly layer = Layer.effect(
    Assistant,
    Effect.gen(function* () {
      const model = yield* ChatModel
      const conversations = yield* Conversations
      const mcp = yield* TicklerMcp
      const settings = yield* UserSettingsStore
      const maxSteps = yield* Config.Int("TICKLER_CHAT_MAX_STEPS").pipe(Config.withDefault(8))
      const turnTimeout = yield* Config.Duration("TICKLER_CHAT_TIMEOUT").pipe(Config.withDefault("60 seconds"))

      const modelMode: ChatMode = { mode: "model", detail: model.describe }
      const offlineMode = (why: string): ChatMode => ({ mode: "offline", detail: why })

      /** An MCP session with the user's own server, in process; closed with the turn. The SDK loads with the first. */
      const session = (userId: string) =>
        Effect.acquireRelease(
          Effect.promise(async () => {
            const [{ Client }, { InMemoryTransport }] = await Promise.all([
              import("@modelcontextprotocol/sdk/client/index.js"),
              import("@modelcontextprotocol/sdk/inMemory.js")
            ])
            const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
            const client = new Client({ name: "tickler-assistant", version: "1.0.0" })
            await (await mcp.serverFor(userId)).connect(serverSide)
            await client.connect(clientSide)
            return { client, tools: (await client.listTools()).tools }
          }),
          ({ client }) => Effect.promise(() => client.close())
        )

      const callTool = (turn: Turn, tool: string, args: Record<string, unknown>) =>
        Effect.promise(async (): Promise<CallOutcome> => {
          const result = await turn.mcp.callTool({ name: tool, arguments: args })
          const text = (result.content as ReadonlyArray<{ readonly text?: string }>)[0]?.text ?? ""
          return result.isError
            ? { ok: false, result: {}, content: text }
            : {
                ok: true,
                result: (result.structuredContent ?? {}) as Record<string, unknown>,
                content: JSON.stringify(result.structuredContent)
              }
        })

      const titleOf = (turn: Turn, id: unknown) =>
        Effect.map(callTool(turn, "get_task", { id }), (outcome) =>
          outcome.ok ? (outcome.result as unknown as TaskJson).title : undefined
        )

      /** Runs one planned call and shows it as a step. */
      const run = Effect.fnUntraced(function* (turn: Turn, call: PlannedCall) {
        const title = call.tool === "delete_task" ? yield* titleOf(turn, call.arguments["id"]) : undefined
        const outcome = yield* callTool(turn, call.tool, call.arguments)
        const step: ChatStep = {
          tool: call.tool,
          ok: outcome.ok,
          summary: outcome.ok
            ? summarizeStep(call.tool, outcome.result, title)
            : `Could not ${call.tool.replaceAll("_", " ")}: ${outcome.content}`
        }
        turn.steps.push(step)
        yield* turn.emit({ type: "step", step })
        return outcome
      })

      const isDestructive = (turn: Turn, tool: string) =>
        turn.tools.find((candidate) => candidate.name === tool)?.annotations?.destructiveHint === true
      const isReadOnly = (turn: Turn, tool: string) =>
        turn.tools.find((candidate) => candidate.name === tool)?.annotations?.readOnlyHint === true

      const needsConfirmation = (turn: Turn, calls: ReadonlyArray<PlannedCall>) =>
        calls.some((call) => isDestructive(turn, call.tool)) ||
        calls.filter((call) => !isReadOnly(turn, call.tool)).length > MANY_CHANGES

      /** "Delete "Buy milk"?" / "Make 5 changes: complete "A", …?" */
      const pendingFor = Effect.fnUntraced(function* (turn: Turn, calls: ReadonlyArray<PlannedCall>) {
        const lines: Array<string> = []
        for (const call of calls) {
          const title =
            typeof call.arguments["id"] === "string" ? yield* titleOf(turn, call.arguments["id"]) : undefined
          const verb = call.tool.replace(/_task$/, "").replaceAll("_", " ")
          lines.push(`${verb} ${title === undefined ? "" : `"${title}"`}`.trim())
        }
        const summary =
          calls.length === 1
            ? `${lines[0]!.charAt(0).toUpperCase()}${lines[0]!.slice(1)}?`
            : `Make ${calls.length} changes: ${lines.join(", ")}?`
        const action: PendingAction = { id: uuidv7(), summary, calls }
        yield* turn.emit({ type: "confirm", action })
        return action
      })

      /** The model's reply, its text streamed as it comes; a model that takes too long is a timeout. */
      const reply = (turn: Turn, messages: ReadonlyArray<ModelMessage>) =>
        Effect.gen(function* () {
          let text = ""
          let calls: ReadonlyArray<ModelToolCall> = []
          yield* model
            .reply({
              messages,
              tools: turn.tools.map((tool) => ({
                name: tool.name,
                description: tool.description ?? tool.title ?? tool.name,
                parameters: tool.inputSchema as Record<string, unknown>
              }))
            })
            .pipe(
              Stream.runForEach((event) => {
                if (event._tag === "ToolCalls") {
                  calls = event.calls
                  return Effect.void
                }
                text += event.delta
                return turn.emit({ type: "text", delta: event.delta })
              })
            )
          return { text, calls }
        }).pipe(
          Effect.timeoutOrElse({
            duration: turnTimeout,
            orElse: () =>
              Effect.fail(new ChatModelError({ reason: "timeout", message: "the model did not answer in time" }))
          })
        )

      const systemPrompt = (userId: string) =>
        Effect.gen(function* () {
          const zone = (yield* settings.get(userId)).timeZone
          const here = Temporal.Instant.fromEpochMilliseconds(yield* Clock.currentTimeMillis).toZonedDateTimeISO(zone)
          const when = here.toLocaleString("en-GB", { dateStyle: "full", timeStyle: "short" })
          return {
            role: "system" as const,
            content:
              "You are the assistant inside Tickler, the user's task manager. Use the tools to add, find, change, " +
              "complete and delete the user's tasks; never invent tasks or ids, look them up with list_tasks. To add " +
              "a task, prefer add_task with `text` written the way a person types it (it understands dates, times, " +
              `recurrence, #tags, !priority and "remind me … before"). It is now ${when} (${zone}); dates are in ` +
              "that zone. The app asks the user before deleting or changing many tasks: just call the tools. Answer " +
              "briefly, in the user's language."
          }
        })

      /**
       * Plans with the model until it answers without tool calls, it needs the user's yes, or it used its
       * steps. Returns the reply's text and the action waiting for confirmation, if any.
       */
      const modelLoop = (turn: Turn, transcript: Array<ModelMessage>) =>
        Effect.gen(function* () {
          const system = yield* systemPrompt(turn.userId)
          let text = ""
          for (let step = 0; step < maxSteps; step++) {
            const answer = yield* reply(turn, [system, ...transcript])
            text += answer.text
            transcript.push({ role: "assistant", content: answer.text, toolCalls: answer.calls })
            if (answer.calls.length === 0) return { text, pending: null }
            const planned: Array<PlannedCall> = []
            for (const call of answer.calls) {
              const args = parseArguments(call.arguments)
              if (args === undefined) {
                transcript.push({ role: "tool", toolCallId: call.id, content: "the arguments are not a JSON object" })
              } else planned.push({ id: call.id, tool: call.name, arguments: args })
            }
            if (needsConfirmation(turn, planned)) return { text, pending: yield* pendingFor(turn, planned) }
            for (const call of planned) {
              const outcome = yield* run(turn, call)
              transcript.push({ role: "tool", toolCallId: call.id, content: outcome.content })
            }
          }
          const stopped = `\n\n(I stopped after ${maxSteps} tool steps; tell me to go on if there is more to do.)`
          yield* turn.emit({ type: "text", delta: stopped })
          return { text: text + stopped, pending: null }
        })

      /** Tasks whose title matches `title`: exact matches if there are any, else every search hit. */
      const findByTitle = Effect.fnUntraced(function* (turn: Turn, title: string, status: "open" | "completed") {
        const outcome = yield* callTool(turn, "list_tasks", { q: title, status, limit: 20 })
        const items = outcome.ok ? (outcome.result["items"] as ReadonlyArray<TaskJson>) : []
        const exact = items.filter((task) => task.title.toLowerCase() === title.toLowerCase())
        return exact.length > 0 ? exact : items
      })

      const listing = (heading: string, items: ReadonlyArray<TaskJson>) =>
        items.length === 0
          ? `${heading}: nothing.`
          : `${heading}:\n${items.map((task) => `- ${describeTask(task)}`).join("\n")}`

      /**
       * Carries out an offline plan; returns the reply's text (none when its steps say it all) and an
       * action to confirm, if any.
       */
      const offline = Effect.fnUntraced(function* (turn: Turn, plan: OfflinePlan) {
        const call = (tool: string, args: Record<string, unknown>): PlannedCall => ({
          id: uuidv7(),
          tool,
          arguments: args
        })
        switch (plan.kind) {
          case "help":
            return { text: HELP, pending: null }
          case "add": {
            const outcome = yield* run(turn, call("add_task", { text: plan.text }))
            return {
              text: outcome.ok ? "" : `I could not add that: ${outcome.content}`,
              pending: null
            }
          }
          case "show": {
            const outcome = yield* run(turn, call("list_tasks", { ...plan.query, limit: 50 }))
            if (!outcome.ok) return { text: `I could not show that: ${outcome.content}`, pending: null }
            return { text: listing(plan.heading, outcome.result["items"] as ReadonlyArray<TaskJson>), pending: null }
          }
          case "tags": {
            const outcome = yield* run(turn, call("list_tags", {}))
            const tags = outcome.result["tags"] as ReadonlyArray<{ readonly name: string; readonly openCount: number }>
            return {
              text:
                tags.length === 0
                  ? "You have no tags yet."
                  : `Your tags: ${tags.map((tag) => `#${tag.name}`).join(", ")}`,
              pending: null
            }
          }
          case "views": {
            const outcome = yield* run(turn, call("list_views", {}))
            const views = outcome.result["views"] as ReadonlyArray<{ readonly name: string; readonly query: string }>
            return {
              text:
                views.length === 0
                  ? "You have no saved views yet."
                  : `Your saved views:\n${views.map((view) => `- ${view.name}: ${view.query}`).join("\n")}`,
              pending: null
            }
          }
          case "act":
          case "remind": {
            const matches = yield* findByTitle(
              turn,
              plan.title,
              plan.kind === "act" && plan.action === "reopen" ? "completed" : "open"
            )
            if (matches.length === 0)
              return {
                text: `I found no ${plan.kind === "act" && plan.action === "reopen" ? "completed" : "open"} task matching "${plan.title}".`,
                pending: null
              }
            const calls = matches.map((task) =>
              plan.kind === "remind"
                ? call("set_reminders", {
                    id: task.id,
                    reminders: [{ kind: "relative", minutesBefore: plan.minutesBefore }]
                  })
                : call(`${plan.action}_task`, { id: task.id })
            )
            if (calls.length > 1 || (plan.kind === "act" && plan.action === "delete")) {
              return { text: "", pending: yield* pendingFor(turn, calls) }
            }
            yield* run(turn, calls[0]!)
            return { text: "", pending: null }
          }
        }
      })

      /** Streams one turn: `body` does the work with an MCP session and the user's events. */
      const streamTurn = <E>(
        userId: string,
        body: (turn: Turn) => Effect.Effect<void, E>
      ): Stream.Stream<ChatEvent, E> =>
        Stream.callback<ChatEvent, E>((queue) =>
          Effect.gen(function* () {
            const { client, tools } = yield* session(userId)
            const turn: Turn = {
              userId,
              emit: (event) => Effect.asVoid(Queue.offer(queue, event)),
              mcp: client,
              tools,
              steps: []
            }
            yield* body(turn)
            yield* Queue.end(queue)
          })
        )

      /** Saves the assistant's reply (and what waits for confirmation) and ends the stream with it. */
      const finish = Effect.fnUntraced(function* (
        turn: Turn,
        conversationId: string,
        result: { readonly text: string; readonly pending: PendingAction | null },
        from: "model" | "offline",
        transcript: ReadonlyArray<ModelMessage>
      ) {
        const text = result.text !== "" ? result.text : (result.pending?.summary ?? "")
        const message: ChatMessage = { role: "assistant", text, steps: turn.steps, at: yield* now }
        yield* conversations.update(turn.userId, conversationId, (conversation) => ({
          ...conversation,
          messages: [...conversation.messages, message],
          pending: result.pending,
          pendingFrom: result.pending === null ? null : from,
          transcript
        }))
        yield* turn.emit({ type: "done", message })
      })

      /** Tool results for calls the user did not confirm, so the model's transcript stays well formed. */
      const unanswered = (conversation: StoredConversation, why: string): Array<ModelMessage> =>
        conversation.pending !== null && conversation.pendingFrom === "model"
          ? conversation.pending.calls.map((call) => ({ role: "tool" as const, toolCallId: call.id, content: why }))
          : []

      /** Answers with the model, or offline when there is none or it cannot be reached. */
      const answer = Effect.fnUntraced(function* (
        turn: Turn,
        conversationId: string,
        transcript: Array<ModelMessage>,
        offlinePlan: OfflinePlan | undefined
      ) {
        if (model.configured) {
          const before = transcript.length
          const result = yield* Effect.result(modelLoop(turn, transcript))
          if (result._tag === "Success") return yield* finish(turn, conversationId, result.success, "model", transcript)
          const error = result.failure
          if (error.reason !== "unreachable" || offlinePlan === undefined || turn.steps.length > 0) {
            const text = `Sorry, I could not answer: ${error.message}. Try again in a moment.`
            yield* turn.emit({ type: "error", message: text })
            return yield* finish(turn, conversationId, { text, pending: null }, "model", transcript.slice(0, before))
          }
          transcript.splice(before)
          yield* turn.emit({ type: "mode", mode: offlineMode(`offline: ${error.message}`) })
        }
        if (offlinePlan === undefined)
          return yield* finish(turn, conversationId, { text: "", pending: null }, "offline", transcript)
        const result = yield* offline(turn, offlinePlan)
        transcript.push({ role: "assistant", content: result.text })
        return yield* finish(turn, conversationId, result, "offline", transcript)
      })

      /** Saves the user's message (which also finds the conversation), then streams the reply. */
      const send = (userId: string, conversationId: string, text: string) =>
        Effect.gen(function* () {
          const at = yield* now
          // A new message answers a pending question with "no".
          const saved = yield* conversations.update(userId, conversationId, (conversation) => ({
            ...conversation,
            title:
              conversation.title === DEFAULT_TITLE && conversation.messages.length === 0
                ? titleFrom(text)
                : conversation.title,
            messages: [...conversation.messages, { role: "user", text, steps: [], at }],
            transcript: [
              ...conversation.transcript,
              ...unanswered(conversation, "not done: the user did not confirm and wrote again"),
              { role: "user", content: text }
            ],
            pending: null,
            pendingFrom: null
          }))
          return streamTurn(userId, (turn) =>
            Effect.gen(function* () {
              yield* turn.emit({ type: "mode", mode: model.configured ? modelMode : offlineMode(model.describe) })
              yield* answer(turn, conversationId, [...saved.transcript], planOffline(text))
            }).pipe(Effect.orDie)
          )
        })

      const confirm = (userId: string, conversationId: string, actionId: string, approve: boolean) =>
        Effect.gen(function* () {
          const conversation = yield* conversations.get(userId, conversationId)
          const pending = conversation.pending
          if (pending === null || pending.id !== actionId) return yield* ActionNotPending.of(actionId)
          return streamTurn(userId, (turn) =>
            Effect.gen(function* () {
              yield* conversations.update(userId, conversationId, (current) => ({
                ...current,
                pending: null,
                pendingFrom: null
              }))
              const transcript = [...conversation.transcript]
              const fromModel = conversation.pendingFrom === "model"
              yield* turn.emit({ type: "mode", mode: fromModel ? modelMode : offlineMode(model.describe) })
              for (const call of pending.calls) {
                const content = approve ? (yield* run(turn, call)).content : "not done: the user declined"
                if (fromModel) transcript.push({ role: "tool", toolCallId: call.id, content })
              }
              if (fromModel) return yield* answer(turn, conversationId, transcript, undefined)
              const text = approve ? "" : "OK, I left it as it is."
              if (text !== "") yield* turn.emit({ type: "text", delta: text })
              return yield* finish(turn, conversationId, { text, pending: null }, "offline", transcript)
            }).pipe(Effect.orDie)
          )
        })

      const status = Effect.succeed(model.configured ? modelMode : offlineMode(model.describe))

      return Assistant.of({ status, send, confirm })
    })
  )
}
