import { layerAccounts } from "@tickler/accounts"
import { Assistant, Conversations, TicklerMcp, layerOpenAiChatModel } from "@tickler/assistant"
import { ActivityLog } from "@tickler/audit"
import { SavedViews, Tags, Tasks, UserSettingsStore, UserTaskData } from "@tickler/tasks"
import { Layer } from "effect"

const TaskModules = Layer.mergeAll(
  Tasks.layer,
  UserTaskData.layer.pipe(Layer.provideMerge(Layer.merge(Tags.layer, SavedViews.layer))),
  ActivityLog.layer,
  layerAccounts
).pipe(Layer.provideMerge(UserSettingsStore.layer))

/** The MCP server and the chat assistant over it, with the model `OPENAI_*` configures (or none). */
const AssistantModules = Assistant.layer.pipe(
  Layer.provideMerge(Layer.mergeAll(Conversations.layer, TicklerMcp.layer, layerOpenAiChatModel))
)

/**
 * The services the REST API and `/mcp` call, over the `SqlClient`, `Outbox` and `StateStore`
 * (conversations) the profile provides, and the `AccountMailer` it picks.
 */
export const ApiModules = AssistantModules.pipe(Layer.provideMerge(TaskModules))
