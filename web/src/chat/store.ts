/** The chat panel's state: the conversations, the one shown, and the reply while it streams in. */
import type {
  ChatEvent,
  ChatMessage,
  ChatMode,
  ChatStep,
  ConversationId,
  ConversationSummary,
  PendingAction
} from "@tickler/domain"
import { DateTime } from "effect"
import { api, apiStream } from "../api/client.ts"
import { createStore } from "../lib/createStore.ts"

interface ChatState {
  readonly open: boolean
  readonly mode: ChatMode | undefined
  readonly conversations: ReadonlyArray<ConversationSummary>
  readonly currentId: ConversationId | undefined
  readonly messages: ReadonlyArray<ChatMessage>
  readonly pending: PendingAction | null
  /** The reply being streamed: text so far and the steps already run. */
  readonly reply: { readonly text: string; readonly steps: ReadonlyArray<ChatStep> } | undefined
  readonly error: string | undefined
}

export const chat = createStore<ChatState>({
  open: false,
  mode: undefined,
  conversations: [],
  currentId: undefined,
  messages: [],
  pending: null,
  reply: undefined,
  error: undefined
})

export const CHAT_INPUT_ID = "chat-input"

const failed = (error: unknown) =>
  chat.set((s) => ({ ...s, reply: undefined, error: error instanceof Error ? error.message : String(error) }))

const show = async (id: ConversationId) => {
  const conversation = await api((client) => client.chat.get({ params: { id } }))
  chat.set((s) => ({
    ...s,
    currentId: conversation.id,
    messages: conversation.messages,
    pending: conversation.pending,
    error: undefined
  }))
}

/** Opens the panel on the latest conversation (a new one if there is none). */
export const openChat = async () => {
  chat.set((s) => ({ ...s, open: true }))
  document.getElementById(CHAT_INPUT_ID)?.focus()
  try {
    const [mode, conversations] = await Promise.all([
      api((client) => client.chat.status()),
      api((client) => client.chat.list())
    ])
    chat.set((s) => ({ ...s, mode, conversations }))
    const current = chat.get().currentId ?? conversations[0]?.id
    if (current !== undefined) await show(current)
    else await newConversation()
  } catch (error) {
    failed(error)
  }
}

export const closeChat = () => chat.set((s) => ({ ...s, open: false }))

export const toggleChat = () => (chat.get().open ? closeChat() : void openChat())

export const selectConversation = (id: ConversationId) => show(id).catch(failed)

export const newConversation = async () => {
  try {
    const created = await api((client) => client.chat.create({ payload: {} }))
    chat.set((s) => ({
      ...s,
      conversations: [created, ...s.conversations],
      currentId: created.id,
      messages: [],
      pending: null,
      error: undefined
    }))
  } catch (error) {
    failed(error)
  }
}

export const deleteConversation = async (id: ConversationId) => {
  try {
    await api((client) => client.chat.remove({ params: { id } }))
    const rest = chat.get().conversations.filter((c) => c.id !== id)
    chat.set((s) => ({ ...s, conversations: rest, currentId: undefined, messages: [], pending: null }))
    if (rest[0] !== undefined) await show(rest[0].id)
    else await newConversation()
  } catch (error) {
    failed(error)
  }
}

const onEvent = (event: ChatEvent) =>
  chat.set((s) => {
    const reply = s.reply ?? { text: "", steps: [] }
    switch (event.type) {
      case "mode":
        return { ...s, mode: event.mode }
      case "text":
        return { ...s, reply: { ...reply, text: reply.text + event.delta } }
      case "step":
        return { ...s, reply: { ...reply, steps: [...reply.steps, event.step] } }
      case "confirm":
        return { ...s, pending: event.action }
      case "done":
        return { ...s, reply: undefined, messages: [...s.messages, event.message] }
      case "error":
        return { ...s, error: event.message }
    }
  })

/** Streams the reply to a request; the list refreshes by itself through the live feed. */
const converse = async (run: (id: ConversationId) => Promise<void>) => {
  const id = chat.get().currentId
  if (id === undefined || chat.get().reply !== undefined) return
  chat.set((s) => ({ ...s, reply: { text: "", steps: [] }, error: undefined, pending: null }))
  try {
    await run(id)
  } catch (error) {
    failed(error)
  } finally {
    chat.set((s) => ({ ...s, reply: undefined }))
  }
}

export const sendMessage = (text: string) =>
  converse(async (id) => {
    chat.set((s) => ({
      ...s,
      messages: [...s.messages, { role: "user", text, steps: [], at: DateTime.nowUnsafe() }]
    }))
    await apiStream((client) => client.chat.send({ params: { id }, payload: { text } }), onEvent)
    // The first message names the conversation.
    const conversations = await api((client) => client.chat.list())
    chat.set((s) => ({ ...s, conversations }))
  })

export const answerPending = (approve: boolean) => {
  const action = chat.get().pending
  if (action === null) return Promise.resolve()
  return converse((id) =>
    apiStream((client) => client.chat.confirm({ params: { id }, payload: { actionId: action.id, approve } }), onEvent)
  )
}
