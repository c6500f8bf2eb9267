import type { Tool } from "./ToolDefinition.ts"

/** What a tool's hints mean to a user of an MCP client. */
const kind = (tool: Tool<unknown>) =>
  tool.hints.destructive ? "asks first" : tool.hints.readOnly ? "reads" : "changes"

/** The argument names of a tool, required ones first. */
const argumentsOf = (tool: Tool<unknown>) => {
  const properties = Object.keys((tool.inputSchema["properties"] ?? {}) as Record<string, unknown>)
  const required = new Set((tool.inputSchema["required"] ?? []) as ReadonlyArray<string>)
  return properties.length === 0
    ? "—"
    : [...properties.filter((p) => required.has(p)), ...properties.filter((p) => !required.has(p))]
        .map((p) => (required.has(p) ? `\`${p}\`` : `\`${p}\`?`))
        .join(", ")
}

/** The tool table of docs/assistant.md, from the definitions themselves. */
export const toolReference = (tools: ReadonlyArray<Tool<unknown>>): string =>
  [
    "| tool | what it does | arguments (`?` optional) | kind |",
    "|---|---|---|---|",
    ...tools.map(
      (tool) =>
        `| \`${tool.name}\` | ${tool.description.split(/(?<=\.)\s(?=[A-Z])/)[0]!.replaceAll("|", "\\|")} | ${argumentsOf(tool)} | ${kind(tool)} |`
    )
  ].join("\n")
