export { McpRoute } from "./mcp/McpHttp.ts"
export { TicklerMcp } from "./mcp/TicklerMcp.ts"
export { taskTools } from "./tools/TaskTools.ts"
export { type Tool, ToolFailure } from "./tools/ToolDefinition.ts"
