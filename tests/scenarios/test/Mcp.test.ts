import { Client as McpClient } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js"
import * as Path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Client, startSingleProcess, startSplit, type Topology } from "../src/index.ts"

const topologies = [
  { name: "single process", start: () => startSingleProcess() },
  { name: "split processes on Dapr", start: () => startSplit() }
]

const cli = Path.resolve(import.meta.dirname, "../../../packages/assistant/bin/tickler-mcp.ts")

const connectHttp = async (endpoint: string, token: string) => {
  const client = new McpClient({ name: "scenario", version: "1.0.0" })
  await client.connect(
    new StreamableHTTPClientTransport(new URL(endpoint), {
      requestInit: { headers: { authorization: `Bearer ${token}` } }
    })
  )
  return client
}

const connectStdio = async (origin: string, token: string) => {
  const client = new McpClient({ name: "scenario-stdio", version: "1.0.0" })
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [cli],
      env: { TICKLER_URL: origin, TICKLER_TOKEN: token },
      stderr: "pipe"
    })
  )
  return client
}

/** A tool call's structured result; fails the test with the tool's message when the call failed. */
const call = async (client: McpClient, name: string, args: Record<string, unknown> = {}) => {
  const result = await client.callTool({ name, arguments: args })
  const text = (result.content as Array<{ text?: string }>)[0]?.text
  expect(result.isError, `${name}: ${text}`).toBeFalsy()
  return result.structuredContent as any
}

/** A tool call that must fail as a tool error (not a protocol error); returns its message. */
const refused = async (client: McpClient, name: string, args: Record<string, unknown>) => {
  const result = await client.callTool({ name, arguments: args })
  expect(result.isError, `${name} should have failed`).toBe(true)
  return (result.content as Array<{ text: string }>)[0]!.text
}

describe.each(topologies)("the MCP server on $name", ({ start }) => {
  let topology: Topology
  let ada: Client
  let bob: Client
  let endpoint: string
  let origin: string
  let adaMcp: McpClient
  let bobMcp: McpClient

  beforeAll(async () => {
    topology = await start()
    origin = new URL(topology.api).origin
    endpoint = `${origin}/mcp`
    ada = await Client.signUp(topology.api, "Europe/Berlin")
    bob = await Client.signUp(topology.api, "America/New_York")
    adaMcp = await connectHttp(endpoint, ada.token)
    bobMcp = await connectHttp(endpoint, bob.token)
  })
  afterAll(async () => {
    await adaMcp?.close()
    await bobMcp?.close()
    await topology?.stop()
  })

  it("refuses a request without a valid token as the MCP authorization spec says", async () => {
    const initialize = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "1" } }
    }
    for (const headers of [{}, { authorization: "Bearer not-a-session" }]) {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
        body: JSON.stringify(initialize)
      })
      expect(response.status).toBe(401)
      const challenge = response.headers.get("www-authenticate") ?? ""
      expect(challenge).toMatch(/^Bearer /)
      const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1]
      expect(metadataUrl).toBeDefined()
      const metadata = await (await fetch(new URL(new URL(metadataUrl!).pathname, origin))).json()
      expect(metadata.resource).toMatch(/\/mcp$/)
    }
    await expect(connectHttp(endpoint, "not-a-session")).rejects.toThrow()
    expect((await fetch(endpoint)).status).toBe(405)
  })

  it("lists its tools with schemas from the domain, its resources and prompts", async () => {
    const { tools } = await adaMcp.listTools()
    expect(tools.map((tool) => tool.name)).toEqual([
      "add_task",
      "list_tasks",
      "get_task",
      "update_task",
      "complete_task",
      "reopen_task",
      "delete_task",
      "set_reminders",
      "clear_reminders",
      "set_recurrence",
      "clear_recurrence",
      "list_tags",
      "list_views"
    ])
    const add = tools.find((tool) => tool.name === "add_task")!
    expect(add.inputSchema.properties!["priority"]).toMatchObject({
      enum: ["none", "low", "medium", "high", "urgent"]
    })
    expect(JSON.stringify(add.inputSchema)).toContain("a calendar date, YYYY-MM-DD")
    expect(add.outputSchema).toBeDefined()
    expect(tools.find((tool) => tool.name === "delete_task")!.annotations?.destructiveHint).toBe(true)
    expect(tools.find((tool) => tool.name === "list_tasks")!.annotations?.readOnlyHint).toBe(true)

    const { resources } = await adaMcp.listResources()
    expect(resources.map((resource) => resource.uri)).toEqual(
      expect.arrayContaining(["tickler://tasks/open", "tickler://tasks/today"])
    )
    const { prompts } = await adaMcp.listPrompts()
    expect(prompts.map((prompt) => prompt.name)).toEqual(["plan_my_day", "weekly_review"])
  })

  it("calls every tool, over HTTP and over stdio, each scoped to its caller", async () => {
    const added = await call(adaMcp, "add_task", {
      text: "Pay rent every month on the 1st 9am #home !high remind me 1 day before"
    })
    expect(added).toMatchObject({
      title: "Pay rent",
      priority: "high",
      tags: ["home"],
      recurrence: { rrule: "FREQ=MONTHLY;BYMONTHDAY=1", mode: "schedule" },
      reminders: [{ kind: "relative", minutesBefore: 1440 }]
    })
    const id = added.id as string
    const plain = await call(adaMcp, "add_task", { title: "Buy stamps", tags: ["errands"], priority: "low" })

    expect((await call(adaMcp, "get_task", { id })).title).toBe("Pay rent")
    const listed = await call(adaMcp, "list_tasks", { filter: "#home & priority >= high" })
    expect(listed.items.map((task: any) => task.id)).toEqual([id])
    expect((await call(adaMcp, "list_tasks", { q: "stamps" })).items.map((task: any) => task.id)).toEqual([plain.id])

    expect(await call(adaMcp, "update_task", { id, title: "Pay the rent", priority: "urgent" })).toMatchObject({
      title: "Pay the rent",
      priority: "urgent"
    })
    expect(
      (await call(adaMcp, "set_reminders", { id, reminders: [{ kind: "relative", minutesBefore: 60 }] })).reminders
    ).toEqual([expect.objectContaining({ kind: "relative", minutesBefore: 60 })])
    expect((await call(adaMcp, "clear_reminders", { id })).reminders).toEqual([])
    expect((await call(adaMcp, "clear_recurrence", { id })).recurrence).toBeNull()
    expect(
      (await call(adaMcp, "set_recurrence", { id, recurrence: { rrule: "FREQ=WEEKLY;BYDAY=FR", mode: "schedule" } }))
        .recurrence
    ).toEqual({ rrule: "FREQ=WEEKLY;BYDAY=FR", mode: "schedule" })
    expect((await call(adaMcp, "complete_task", { id: plain.id })).status).toBe("completed")
    expect((await call(adaMcp, "reopen_task", { id: plain.id })).status).toBe("open")
    expect((await call(adaMcp, "list_tags")).tags.map((tag: any) => tag.name).sort()).toEqual(["errands", "home"])

    expect((await ada.call("POST", "/views", { name: "Home", query: "#home" })).status).toBe(201)
    const views = (await call(adaMcp, "list_views")).views
    expect(views.map((view: any) => view.name)).toEqual(["Home"])
    const viewResource = await adaMcp.readResource({ uri: `tickler://views/${views[0].id}` })
    expect(JSON.parse((viewResource.contents[0] as { text: string }).text).items.map((task: any) => task.id)).toEqual([
      id
    ])
    const plan = await adaMcp.getPrompt({ name: "plan_my_day" })
    expect((plan.messages[0]!.content as { text: string }).text).toContain("plan my day")

    // Another user's id is "not found", in every tool that takes one, and their lists do not show it.
    for (const name of ["get_task", "update_task", "complete_task", "reopen_task", "delete_task", "clear_reminders"]) {
      expect(await refused(bobMcp, name, { id })).toContain("no task")
    }
    expect((await call(bobMcp, "list_tasks", { status: "all" })).items).toEqual([])
    expect((await call(bobMcp, "list_tags")).tags).toEqual([])
    await expect(bobMcp.readResource({ uri: `tickler://tasks/${id}` })).rejects.toThrow(/no task/)

    // The same tools through the stdio command a desktop client launches.
    const stdio = await connectStdio(origin, ada.token)
    try {
      expect((await stdio.listTools()).tools).toHaveLength(13)
      expect((await call(stdio, "get_task", { id })).title).toBe("Pay the rent")
      expect(await call(stdio, "delete_task", { id })).toEqual({ deleted: id })
    } finally {
      await stdio.close()
    }
    expect((await ada.call("GET", `/tasks/${id}`)).status).toBe(404)
  })

  it("answers bad arguments with a tool error naming the field", async () => {
    expect(await refused(adaMcp, "add_task", { title: "" })).toMatch(/title: .*1–500 characters/)
    expect(await refused(adaMcp, "add_task", {})).toMatch(/title/)
    expect(await refused(adaMcp, "add_task", { title: "x", priority: "whenever" })).toMatch(
      /^invalid arguments: priority:/
    )
    expect(await refused(adaMcp, "add_task", { title: "x", colour: "red" })).toMatch(/colour/)
    expect(await refused(adaMcp, "get_task", { id: "42" })).toMatch(/^invalid arguments: id:/)
    expect(await refused(adaMcp, "list_tasks", { filter: "#a & (" })).toMatch(/^filter: /)
    expect(await refused(adaMcp, "list_tasks", { limit: 1000 })).toMatch(/limit/)
    expect(
      await refused(adaMcp, "set_recurrence", {
        id: "00000000-0000-7000-8000-000000000000",
        recurrence: { rrule: "FREQ=HOURLY", mode: "schedule" }
      })
    ).toMatch(/recurrence\.rrule: invalid recurrence rule/)
    expect(await refused(adaMcp, "no_such_tool", {})).toContain("no tool named no_such_tool")
  })
})
