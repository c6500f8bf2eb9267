import type { Server } from "@modelcontextprotocol/sdk/server/index.js"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js"
import { type ListTasksQuery, TaskPage } from "@tickler/api"
import { Task } from "@tickler/domain"
import { SavedViews, Tags, Tasks } from "@tickler/tasks"
import { Cause, Context, Effect, Layer, Schema } from "effect"
import { taskTools } from "../tools/TaskTools.ts"
import { ToolFailure } from "../tools/ToolDefinition.ts"

type Services = Tasks | Tags | SavedViews

const INSTRUCTIONS =
  "Tickler is the user's task manager. Use these tools to add, find, change, complete and delete the " +
  "user's tasks. Dates and times are in the user's own time zone. Before deleting a task, confirm with the user."

type Protocol = typeof import("@modelcontextprotocol/sdk/types.js")

/**
 * The MCP SDK's server and protocol schemas (with their validators, ~3.6 MB of heap), loaded with the
 * first MCP session instead of at start: a process whose users never use MCP or the chat never needs them.
 */
const loadSdk = () =>
  Promise.all([import("@modelcontextprotocol/sdk/server/index.js"), import("@modelcontextprotocol/sdk/types.js")])

const encodeTask = Schema.encodeSync(Task)
const encodePage = Schema.encodeSync(TaskPage)

/** The lists a client can read as resources, each a task-list query. */
const taskLists: ReadonlyArray<{
  readonly uri: string
  readonly name: string
  readonly description: string
  readonly query: ListTasksQuery
}> = [
  {
    uri: "tickler://tasks/open",
    name: "Open tasks",
    description: "Every open task, by due date (first 200)",
    query: { limit: 200 }
  },
  {
    uri: "tickler://tasks/today",
    name: "Today",
    description: "Open tasks due today or overdue",
    query: { filter: "(today | overdue) & open", limit: 200 }
  },
  {
    uri: "tickler://tasks/upcoming",
    name: "Next 7 days",
    description: "Open tasks due in the next seven days",
    query: { filter: "next 7 days & open", limit: 200 }
  }
]

const VIEW_URI = /^tickler:\/\/views\/([0-9a-f-]{36})$/i
const TASK_URI = /^tickler:\/\/tasks\/([0-9a-f-]{36})$/i

const json = (uri: string, value: unknown) => ({
  contents: [{ uri, mimeType: "application/json", text: JSON.stringify(value, null, 2) }]
})

/** One line per task for a prompt (title, due, priority, tags, id), or "(none)". */
const taskLines = (page: TaskPage) => (page.items.length === 0 ? ["(none)"] : page.items.map(taskLine))

/** One task's line for a prompt. */
const taskLine = (task: Task) => {
  const due = task.due === null ? "" : ` — due ${task.due.kind === "date" ? task.due.date : task.due.local}`
  const tags = task.tags.length === 0 ? "" : ` ${task.tags.map((tag) => `#${tag}`).join(" ")}`
  return `- ${task.title}${due}, priority ${task.priority}${tags} (id ${task.id})`
}

/**
 * Tickler as an MCP server for one user: the tools of `taskTools`, the user's task lists and saved
 * views as resources, and prompts that plan with them. A server serves one connection (one HTTP
 * request in stateless Streamable HTTP, or the assistant's own in-process client).
 */
export class TicklerMcp extends Context.Service<
  TicklerMcp,
  { readonly serverFor: (userId: string) => Promise<Server> }
>()("tickler/assistant/TicklerMcp") {
  static readonly layer = Layer.effect(
    TicklerMcp,
    Effect.gen(function* () {
      const services = yield* Effect.context<Services>()
      const run = <A, E>(effect: Effect.Effect<A, E, Services>) => Effect.runPromiseWith(services)(effect)

      const callTool = (userId: string, name: string, args: unknown): Promise<CallToolResult> => {
        const tool = taskTools.find((candidate) => candidate.name === name)
        if (tool === undefined) {
          return Promise.resolve({ isError: true, content: [{ type: "text", text: `no tool named ${name}` }] })
        }
        return run(
          tool.call(userId, args).pipe(
            Effect.map((structured): CallToolResult => ({
              structuredContent: structured,
              content: [{ type: "text", text: JSON.stringify(structured) }]
            })),
            // A failure is the tool's answer, never a protocol error: the model reads it and can correct itself.
            Effect.catchCause((cause) => {
              const failure = cause.reasons.find(Cause.isFailReason)?.error
              const message =
                failure instanceof ToolFailure
                  ? failure.message
                  : "Tickler could not do that just now; try again shortly"
              return Effect.as(
                failure instanceof ToolFailure ? Effect.void : Effect.logError(`tool ${name} failed`, cause),
                { isError: true, content: [{ type: "text" as const, text: message }] }
              )
            })
          )
        )
      }

      const listTasks = (userId: string, query: ListTasksQuery) => Tasks.use((tasks) => tasks.list(userId, query))

      const readResource = ({ McpError, ErrorCode }: Protocol, userId: string, uri: string) =>
        Effect.gen(function* () {
          const list = taskLists.find((candidate) => candidate.uri === uri)
          if (list !== undefined) return json(uri, encodePage(yield* listTasks(userId, list.query)))
          const view = VIEW_URI.exec(uri)
          if (view !== null) {
            const found = (yield* (yield* SavedViews).list(userId)).find((candidate) => candidate.id === view[1])
            if (found === undefined) return yield* new ToolFailure({ message: `no view ${view[1]}` })
            return json(uri, encodePage(yield* listTasks(userId, { filter: found.query, limit: 200 })))
          }
          const task = TASK_URI.exec(uri)
          if (task !== null) return json(uri, encodeTask(yield* (yield* Tasks).get(userId, task[1]!)))
          return yield* new ToolFailure({ message: `no resource ${uri}` })
        }).pipe(
          Effect.catch((error) => Effect.fail(new McpError(ErrorCode.InvalidParams, error.message))),
          Effect.catchDefect((defect) => Effect.fail(new McpError(ErrorCode.InternalError, String(defect))))
        )

      const prompt = ({ McpError, ErrorCode }: Protocol, userId: string, name: string) =>
        Effect.gen(function* () {
          switch (name) {
            case "plan_my_day": {
              const today = yield* listTasks(userId, { filter: "(today | overdue) & open", sort: "priority" })
              const soon = yield* listTasks(userId, { filter: "next 3 days & !today & open", limit: 20 })
              return {
                description: "A realistic plan for today from the user's open tasks",
                text: [
                  "Help me plan my day. These are my open tasks due today or overdue:",
                  ...taskLines(today),
                  "",
                  "Coming up in the next three days:",
                  ...taskLines(soon),
                  "",
                  "Suggest an order for today with the most important first, say what could move to another day, " +
                    "and offer to reschedule or reprioritise tasks with the Tickler tools (ask before changing anything)."
                ].join("\n")
              }
            }
            case "weekly_review": {
              const completed = yield* listTasks(userId, { status: "completed", sort: "completed", limit: 50 })
              const next = yield* listTasks(userId, { filter: "next 7 days & open", limit: 50 })
              const overdue = yield* listTasks(userId, { filter: "overdue", limit: 50 })
              return {
                description: "Look back at what got done and ahead at the coming week",
                text: [
                  "Let's do my weekly review. Recently completed:",
                  ...taskLines(completed),
                  "",
                  "Overdue:",
                  ...taskLines(overdue),
                  "",
                  "Due in the next seven days:",
                  ...taskLines(next),
                  "",
                  "Summarise what I achieved, point out what keeps slipping, and propose changes for next week " +
                    "(ask before making them)."
                ].join("\n")
              }
            }
            default:
              return yield* Effect.fail(new McpError(ErrorCode.InvalidParams, `no prompt named ${name}`))
          }
        })

      const serverFor = async (userId: string) => {
        const [{ Server }, protocol] = await loadSdk()
        const {
          CallToolRequestSchema,
          GetPromptRequestSchema,
          ListPromptsRequestSchema,
          ListResourcesRequestSchema,
          ListResourceTemplatesRequestSchema,
          ListToolsRequestSchema,
          ReadResourceRequestSchema
        } = protocol
        const server = new Server(
          { name: "tickler", title: "Tickler", version: "1.0.0" },
          { capabilities: { tools: {}, resources: {}, prompts: {} }, instructions: INSTRUCTIONS }
        )
        server.setRequestHandler(ListToolsRequestSchema, () => ({
          tools: taskTools.map((tool) => ({
            name: tool.name,
            title: tool.title,
            description: tool.description,
            inputSchema: tool.inputSchema,
            outputSchema: tool.outputSchema,
            annotations: {
              title: tool.title,
              readOnlyHint: tool.hints.readOnly,
              destructiveHint: tool.hints.destructive,
              idempotentHint: tool.hints.idempotent,
              openWorldHint: false
            }
          }))
        }))
        server.setRequestHandler(CallToolRequestSchema, (request) =>
          callTool(userId, request.params.name, request.params.arguments)
        )
        server.setRequestHandler(ListResourcesRequestSchema, () =>
          run(
            Effect.map(
              SavedViews.use((views) => views.list(userId)),
              (views) => ({
                resources: [
                  ...taskLists.map(({ uri, name, description }) => ({
                    uri,
                    name,
                    description,
                    mimeType: "application/json"
                  })),
                  ...views.map((view) => ({
                    uri: `tickler://views/${view.id}`,
                    name: `View: ${view.name}`,
                    description: `Tasks matching the saved view "${view.name}" (${view.query})`,
                    mimeType: "application/json"
                  }))
                ]
              })
            )
          )
        )
        server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
          resourceTemplates: [
            {
              uriTemplate: "tickler://tasks/{id}",
              name: "Task",
              description: "One task by id",
              mimeType: "application/json"
            },
            {
              uriTemplate: "tickler://views/{id}",
              name: "Saved view",
              description: "The tasks matching a saved view, by the view's id",
              mimeType: "application/json"
            }
          ]
        }))
        server.setRequestHandler(ReadResourceRequestSchema, (request) =>
          run(readResource(protocol, userId, request.params.uri))
        )
        server.setRequestHandler(ListPromptsRequestSchema, () => ({
          prompts: [
            { name: "plan_my_day", title: "Plan my day", description: "A plan for today from the open tasks" },
            {
              name: "weekly_review",
              title: "Weekly review",
              description: "What got done, what slipped, and the week ahead"
            }
          ]
        }))
        server.setRequestHandler(GetPromptRequestSchema, (request) =>
          run(
            Effect.map(prompt(protocol, userId, request.params.name), ({ description, text }) => ({
              description,
              messages: [{ role: "user" as const, content: { type: "text" as const, text } }]
            }))
          )
        )
        return server
      }

      return TicklerMcp.of({ serverFor })
    })
  )
}
