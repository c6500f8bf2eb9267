/** Keyboard shortcuts: one table drives both the handler and the `?` overlay. */
import { openChat } from "../chat/store.ts"
import { navigate, setParams, withParams } from "../lib/router.ts"
import { deleteTask, toggleComplete } from "../tasks/actions.ts"
import { QUICK_ADD_ID } from "../tasks/QuickAdd.tsx"
import { selection, visibleIds } from "../tasks/selection.ts"
import { SEARCH_ID } from "../layout/SearchBox.tsx"
import { toggleTheme } from "./theme.ts"

export interface Shortcut {
  readonly keys: string
  readonly description: string
  readonly run: () => void
}

const focus = (id: string) => document.getElementById(id)?.focus()

const move = (step: 1 | -1) => {
  const ids = visibleIds
  if (ids.length === 0) return
  const current = selection.get()
  const at = current === undefined ? -1 : ids.indexOf(current)
  const next = ids[Math.max(0, Math.min(ids.length - 1, at === -1 ? 0 : at + step))]
  if (next === undefined) return
  selection.set(() => next)
  document.querySelector<HTMLElement>(`[data-task-id="${next}"] .task-title`)?.focus()
}

const withSelected = (run: (id: string) => void) => () => {
  const id = selection.get()
  if (id !== undefined && visibleIds.includes(id)) run(id)
}

export const shortcuts = (openHelp: () => void): ReadonlyArray<Shortcut> => [
  { keys: "q", description: "Quick add a task", run: () => focus(QUICK_ADD_ID) },
  { keys: "/", description: "Search", run: () => focus(SEARCH_ID) },
  { keys: "a", description: "Ask the assistant", run: () => void openChat() },
  { keys: "j", description: "Next task", run: () => move(1) },
  { keys: "k", description: "Previous task", run: () => move(-1) },
  {
    keys: "Enter",
    description: "Open the selected task",
    run: withSelected((id) => navigate(withParams({ task: id })))
  },
  {
    keys: "x",
    description: "Complete or reopen the selected task",
    run: withSelected((id) => void toggleComplete(id))
  },
  { keys: "#", description: "Delete the selected task (with undo)", run: withSelected(deleteTask) },
  { keys: "g t", description: "Go to Today", run: () => navigate("/today") },
  { keys: "g u", description: "Go to Upcoming", run: () => navigate("/upcoming") },
  { keys: "g o", description: "Go to Overdue", run: () => navigate("/overdue") },
  { keys: "g a", description: "Go to All tasks", run: () => navigate("/all") },
  { keys: "g c", description: "Go to Completed", run: () => navigate("/completed") },
  { keys: "g s", description: "Go to Settings", run: () => navigate("/settings") },
  { keys: "t", description: "Switch light/dark theme", run: toggleTheme },
  { keys: "Escape", description: "Close the task or dialog", run: () => setParams({ task: undefined }) },
  { keys: "?", description: "Show these shortcuts", run: openHelp }
]

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))

/** Installs the handler; returns the uninstaller. `g` starts a two-key sequence. */
export const installShortcuts = (list: ReadonlyArray<Shortcut>) => {
  let prefix: string | undefined
  let prefixTimer: ReturnType<typeof setTimeout> | undefined
  const onKey = (event: KeyboardEvent) => {
    if (event.metaKey || event.ctrlKey || event.altKey || event.defaultPrevented) return
    if (isTyping(event.target)) return
    // A modal dialog handles its own keys (Escape closes it).
    if (document.querySelector("dialog[open]")) return
    // Enter on a focused button or link does what that control does.
    if (event.key === "Enter" && event.target instanceof HTMLElement && event.target.closest("button, a")) return
    const key = prefix === undefined ? event.key : `${prefix} ${event.key}`
    if (prefix === undefined && event.key === "g") {
      prefix = "g"
      prefixTimer = setTimeout(() => (prefix = undefined), 1500)
      return
    }
    prefix = undefined
    clearTimeout(prefixTimer)
    const shortcut = list.find((s) => s.keys === key)
    if (shortcut) {
      event.preventDefault()
      shortcut.run()
    }
  }
  window.addEventListener("keydown", onKey)
  return () => window.removeEventListener("keydown", onKey)
}
