#!/usr/bin/env node
/**
 * `tickler-mcp`: Tickler's MCP server over stdio, for desktop MCP clients that launch a command.
 * It relays every message to a running Tickler's `/mcp` endpoint with the user's token, so the tools
 * are the server's own (one definition) and the data never leaves the server's checks.
 *
 *   TICKLER_URL    where Tickler runs (default http://127.0.0.1:4100)
 *   TICKLER_TOKEN  a session token of the user (required)
 */
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js"
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js"
import { isJSONRPCRequest, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js"

const token = process.env["TICKLER_TOKEN"]
if (token === undefined || token === "") {
  process.stderr.write("tickler-mcp: set TICKLER_TOKEN to a Tickler session token (see docs/assistant.md)\n")
  process.exit(2)
}
const endpoint = new URL("/mcp", process.env["TICKLER_URL"] ?? "http://127.0.0.1:4100")

const remote = new StreamableHTTPClientTransport(endpoint, {
  requestInit: { headers: { authorization: `Bearer ${token}` } }
})
const local = new StdioServerTransport()

// A request Tickler cannot answer (down, token refused) gets an error reply, so the client never waits forever.
local.onmessage = (message: JSONRPCMessage) => {
  remote.send(message).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error)
    process.stderr.write(`tickler-mcp: ${endpoint.href}: ${reason}\n`)
    if (isJSONRPCRequest(message)) {
      void local.send({
        jsonrpc: "2.0",
        id: message.id,
        error: { code: -32000, message: `Tickler at ${endpoint.origin} did not answer: ${reason}` }
      })
    }
  })
}
remote.onmessage = (message) => void local.send(message)
remote.onerror = (error) => process.stderr.write(`tickler-mcp: ${error.message}\n`)
local.onclose = () => void remote.close()

await remote.start()
await local.start()
