import type { ChatStep, ConversationId } from "@tickler/domain"
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react"
import { Icon } from "../ui/Icon.tsx"
import {
  answerPending,
  CHAT_INPUT_ID,
  chat,
  closeChat,
  deleteConversation,
  newConversation,
  selectConversation,
  sendMessage
} from "./store.ts"

export const CHAT_PANEL_ID = "chat-panel"

const Steps = ({ steps }: { readonly steps: ReadonlyArray<ChatStep> }) =>
  steps.length === 0 ? null : (
    <ul className="chat-steps" aria-label="What the assistant did">
      {steps.map((step, i) => (
        <li key={i} className={step.ok ? "chat-step" : "chat-step chat-step-failed"}>
          <span aria-hidden="true">{step.ok ? <Icon name="check" size={12} /> : <Icon name="x" size={12} />}</span>
          {step.summary}
        </li>
      ))}
    </ul>
  )

/**
 * The assistant, beside the list: the conversation, each reply as it streams with the steps it ran,
 * a confirmation for deleting or changing many tasks, and the conversation list. Changes it makes
 * reach the task list through the live feed like any other change.
 */
export const ChatPanel = () => {
  const state = chat.use((s) => s)
  const [draft, setDraft] = useState("")
  const end = useRef<HTMLLIElement>(null)
  const busy = state.reply !== undefined

  // Opening the panel puts the cursor in the message box.
  useEffect(() => {
    document.getElementById(CHAT_INPUT_ID)?.focus()
  }, [])
  // Braces: Chromium's scrollIntoView returns a promise, which React would take for a cleanup.
  useEffect(() => {
    void end.current?.scrollIntoView({ block: "end" })
  }, [state.messages.length, state.reply?.text, state.pending])

  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    const text = draft.trim()
    if (text === "" || busy) return
    setDraft("")
    void sendMessage(text)
  }
  // Enter sends, Shift+Enter starts a new line; Escape closes the panel.
  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey) submit(event)
    if (event.key === "Escape") closeChat()
  }

  return (
    <aside id={CHAT_PANEL_ID} className="chat-panel" aria-labelledby="chat-h">
      <div className="chat-head">
        <h2 id="chat-h">Assistant</h2>
        {state.mode?.mode === "offline" ? (
          <span className="chat-badge" title={state.mode.detail}>
            Offline mode
          </span>
        ) : null}
        <button type="button" className="btn btn-icon" aria-label="Close the assistant" onClick={closeChat}>
          <Icon name="x" size={16} />
        </button>
      </div>
      <div className="chat-conversations">
        <label className="sr-only" htmlFor="chat-conversation">
          Conversation
        </label>
        <select
          id="chat-conversation"
          value={state.currentId ?? ""}
          onChange={(event) => void selectConversation(event.target.value as ConversationId)}
        >
          {state.conversations.map((conversation) => (
            <option key={conversation.id} value={conversation.id}>
              {conversation.title}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-small" onClick={() => void newConversation()}>
          New
        </button>
        {state.currentId !== undefined ? (
          <button
            type="button"
            className="btn btn-small btn-quiet"
            aria-label="Delete this conversation"
            onClick={() => void deleteConversation(state.currentId!)}
          >
            Delete
          </button>
        ) : null}
      </div>
      {state.mode?.mode === "offline" ? (
        <p className="chat-note">
          No language model is connected, so I understand simple requests: add, show, complete, reopen, delete, and
          reminders.
        </p>
      ) : null}
      <ol className="chat-messages" aria-live="polite" aria-busy={busy}>
        {state.messages.map((message, i) => (
          <li key={i} className={`chat-message chat-${message.role}`}>
            <span className="sr-only">{message.role === "user" ? "You:" : "Assistant:"}</span>
            <Steps steps={message.steps} />
            {message.text !== "" ? <p className="chat-text">{message.text}</p> : null}
          </li>
        ))}
        {state.reply !== undefined ? (
          <li className="chat-message chat-assistant chat-streaming">
            <span className="sr-only">Assistant:</span>
            <Steps steps={state.reply.steps} />
            <p className="chat-text">{state.reply.text === "" ? "…" : state.reply.text}</p>
          </li>
        ) : null}
        <li ref={end} aria-hidden="true" className="chat-end" />
      </ol>
      {state.pending !== null && !busy ? (
        <div className="chat-confirm" role="group" aria-labelledby="chat-confirm-text">
          <p id="chat-confirm-text">{state.pending.summary}</p>
          <button type="button" className="btn btn-primary btn-small" onClick={() => void answerPending(true)}>
            Confirm
          </button>
          <button type="button" className="btn btn-small" onClick={() => void answerPending(false)}>
            Cancel
          </button>
        </div>
      ) : null}
      {state.error !== undefined ? (
        <p className="chat-error" role="alert">
          {state.error}
        </p>
      ) : null}
      <form className="chat-form" onSubmit={submit}>
        <label className="sr-only" htmlFor={CHAT_INPUT_ID}>
          Message the assistant
        </label>
        <textarea
          id={CHAT_INPUT_ID}
          rows={2}
          value={draft}
          placeholder='e.g. "add call mum tomorrow 6pm"'
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKey}
        />
        <button type="submit" className="btn btn-primary" disabled={busy || draft.trim() === ""}>
          Send
        </button>
      </form>
    </aside>
  )
}
