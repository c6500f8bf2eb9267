import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  Client,
  FakeModel,
  lastToolResult,
  startSingleProcess,
  startSplit,
  type Topology,
  type TopologyOptions
} from "../src/index.ts"

const TIMEOUT_S = 3

const topologies = [
  { name: "single process", start: (options: TopologyOptions) => startSingleProcess(options) },
  { name: "split processes on Dapr", start: (options: TopologyOptions) => startSplit(options) }
]

interface ChatEvent {
  readonly type: string
  readonly [key: string]: any
}

/** Sends a chat request and reads its Server-Sent Events reply to the end. */
const chat = async (user: Client, path: string, body: unknown): Promise<Array<ChatEvent>> => {
  const response = await fetch(`${user.api}/chat/conversations${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
    body: JSON.stringify(body)
  })
  expect(response.status, await response.clone().text()).toBe(200)
  expect(response.headers.get("content-type")).toContain("text/event-stream")
  const text = await response.text()
  return text
    .split("\n\n")
    .flatMap((block) => block.split("\n").filter((line) => line.startsWith("data:")))
    .map((line) => JSON.parse(line.slice(5)) as ChatEvent)
}

const steps = (events: ReadonlyArray<ChatEvent>) => events.filter((e) => e.type === "step").map((e) => e.step)
const done = (events: ReadonlyArray<ChatEvent>) => events.find((e) => e.type === "done")?.message

describe.each(topologies)("the chat assistant on $name", ({ start }) => {
  let topology: Topology
  let model: FakeModel
  let ada: Client
  /** Ada at the process that serves the chat (the api's in one process, the assistant's when split). */
  let adaChat: Client
  let conversationId: string

  const titles = async (user: Client) =>
    ((await user.call("GET", "/tasks?status=all")).body.items as Array<{ title: string }>)
      .map((task) => task.title)
      .sort()

  beforeAll(async () => {
    model = await FakeModel.start()
    topology = await start({
      env: { OPENAI_BASE_URL: model.url, TICKLER_CHAT_MODEL: "scripted", TICKLER_CHAT_TIMEOUT: `${TIMEOUT_S} seconds` }
    })
    ada = await Client.signUp(topology.api, "Europe/Berlin")
    adaChat = new Client(topology.chat ?? topology.api, ada.token, ada.email)
    const created = await adaChat.call("POST", "/chat/conversations", {})
    expect(created.status).toBe(201)
    conversationId = created.body.id
  })
  afterAll(async () => {
    await topology?.stop()
    await model?.close()
  })

  it("plans several tool calls in one turn, streams the steps and the answer, and the tasks exist", async () => {
    expect((await adaChat.call("GET", "/chat/status")).body).toEqual({ mode: "model", detail: "scripted" })
    model.script(
      {
        kind: "tools",
        calls: [
          { name: "add_task", arguments: { text: "Call mum tomorrow 6pm #family" } },
          { name: "add_task", arguments: { text: "Buy flowers #errands" } }
        ]
      },
      { kind: "text", text: "Done: I added both tasks." }
    )
    const events = await chat(adaChat, `/${conversationId}/messages`, {
      text: "add call mum tomorrow 6pm and buy flowers"
    })
    expect(events[0]).toMatchObject({ type: "mode", mode: { mode: "model", detail: "scripted" } })
    expect(steps(events).map((step) => [step.tool, step.ok])).toEqual([
      ["add_task", true],
      ["add_task", true]
    ])
    expect(steps(events)[0].summary).toMatch(/^Added "Call mum" — .* 18:00, #family$/)
    expect(
      events
        .filter((e) => e.type === "text")
        .map((e) => e.delta)
        .join("")
    ).toBe("Done: I added both tasks.")
    expect(done(events)).toMatchObject({ role: "assistant", text: "Done: I added both tasks." })
    expect(await titles(ada)).toEqual(["Buy flowers", "Call mum"])
    // The model heard both results before it answered, and planned with the MCP tools.
    const second = model.requests.at(-1)!
    expect(second.messages.filter((message) => message.role === "tool")).toHaveLength(2)
    expect(second.tools?.map((tool) => tool.function.name)).toContain("delete_task")
    expect(second.messages[0]!.role).toBe("system")
  })

  it("asks before deleting, and deletes only once the user confirms", async () => {
    model.script(
      { kind: "tools", calls: [{ name: "list_tasks", arguments: { q: "flowers" } }] },
      (request) => ({
        kind: "tools",
        calls: [{ name: "delete_task", arguments: { id: lastToolResult(request).items[0].id } }]
      }),
      { kind: "text", text: "Deleted." }
    )
    const asked = await chat(adaChat, `/${conversationId}/messages`, { text: "delete the flowers task" })
    const confirm = asked.find((e) => e.type === "confirm")
    expect(confirm?.action.summary).toBe('Delete "Buy flowers"?')
    expect(await titles(ada)).toEqual(["Buy flowers", "Call mum"])
    const conversation = (await adaChat.call("GET", `/chat/conversations/${conversationId}`)).body
    expect(conversation.pending.id).toBe(confirm!.action.id)

    const confirmed = await chat(adaChat, `/${conversationId}/confirm`, { actionId: confirm!.action.id, approve: true })
    expect(steps(confirmed)).toEqual([{ tool: "delete_task", ok: true, summary: 'Deleted "Buy flowers"' }])
    expect(done(confirmed).text).toBe("Deleted.")
    expect(await titles(ada)).toEqual(["Call mum"])
    // Answered once: a second confirmation is refused.
    const again = await adaChat.call("POST", `/chat/conversations/${conversationId}/confirm`, {
      actionId: confirm!.action.id,
      approve: true
    })
    expect(again.status).toBe(409)
  })

  it("says clearly when the model fails or takes too long, and never hangs", async () => {
    model.script({ kind: "error", status: 500, message: "the GPU caught fire" })
    const failed = await chat(adaChat, `/${conversationId}/messages`, { text: "what's due today?" })
    expect(failed.find((e) => e.type === "error")?.message).toMatch(
      /Sorry, I could not answer: the model server answered 500/
    )
    expect(done(failed).text).toMatch(/could not answer/)

    model.script({ kind: "hang" })
    const started = Date.now()
    const timedOut = await chat(adaChat, `/${conversationId}/messages`, { text: "what's due today?" })
    expect(timedOut.find((e) => e.type === "error")?.message).toMatch(/did not answer in time/)
    expect(Date.now() - started).toBeLessThan((TIMEOUT_S + 5) * 1000)
  })

  it("keeps the conversation across a restart of the process and its sidecar", async () => {
    const before = (await adaChat.call("GET", `/chat/conversations/${conversationId}`)).body
    expect(before.messages.length).toBeGreaterThanOrEqual(8)
    await topology.restart()
    const after = await adaChat.call("GET", `/chat/conversations/${conversationId}`)
    expect(after.status).toBe(200)
    expect(after.body.messages).toEqual(before.messages)
    expect((await adaChat.call("GET", "/chat/conversations")).body.map((c: { id: string }) => c.id)).toEqual([
      conversationId
    ])
    expect(
      (await adaChat.call("PATCH", `/chat/conversations/${conversationId}`, { title: "Errands" })).body.title
    ).toBe("Errands")
  })

  it("works offline when the model cannot be reached, and says so", async () => {
    await model.close()
    const conversation = (await adaChat.call("POST", "/chat/conversations", { title: "Offline" })).body
    const events = await chat(adaChat, `/${conversation.id}/messages`, {
      text: "add pay rent on the 1st of every month at 9am, remind me a day before"
    })
    expect(events.find((e) => e.type === "mode" && e.mode.mode === "offline")?.mode.detail).toMatch(/unreachable/)
    expect(steps(events)[0]).toMatchObject({ tool: "add_task", ok: true })
    const rent = (await ada.call("GET", `/tasks?q=${encodeURIComponent("pay rent")}`)).body.items[0]
    expect(rent).toMatchObject({
      title: "pay rent",
      recurrence: { rrule: "FREQ=MONTHLY;BYMONTHDAY=1" },
      reminders: [{ kind: "relative", minutesBefore: 1440 }]
    })

    const deleting = await chat(adaChat, `/${conversation.id}/messages`, { text: "delete pay rent" })
    const action = deleting.find((e) => e.type === "confirm")!.action
    expect(action.summary).toBe('Delete "pay rent"?')
    const declined = await chat(adaChat, `/${conversation.id}/confirm`, { actionId: action.id, approve: false })
    expect(done(declined).text).toBe("OK, I left it as it is.")
    expect((await ada.call("GET", `/tasks/${rent.id}`)).status).toBe(200)

    expect((await adaChat.call("DELETE", `/chat/conversations/${conversation.id}`)).status).toBe(204)
    expect((await adaChat.call("GET", `/chat/conversations/${conversation.id}`)).status).toBe(404)
    // Another user sees none of it.
    const bob = await Client.signUp(topology.api)
    const bobChat = new Client(topology.chat ?? topology.api, bob.token, bob.email)
    expect((await bobChat.call("GET", "/chat/conversations")).body).toEqual([])
    expect((await bobChat.call("GET", `/chat/conversations/${conversationId}`)).status).toBe(404)
  })
})
