/** Every change to a task, optimistic with rollback; errors become a toast the user can read. */
import type { CreateTask, Due, ReminderInput, UpdateTask } from "@tickler/domain"
import { dueInstant, ReminderId, Task, TaskId } from "@tickler/domain"
import { DateTime } from "effect"
import { api } from "../api/client.ts"
import { showError, showToast } from "../ui/toasts.ts"
import {
  dropFromLists,
  insertIntoList,
  putTask,
  refreshLists,
  removeTaskLocally,
  setHidden,
  taskStore
} from "./store.ts"

const dueAtOf = (due: Due | null | undefined, zone: string) =>
  due ? DateTime.makeUnsafe(dueInstant(due, zone).epochMilliseconds) : null

const withIds = (reminders: ReadonlyArray<ReminderInput>): Task["reminders"] =>
  reminders.map((reminder) => ({ ...reminder, id: ReminderId.make(crypto.randomUUID()) }))

/** What the task will look like once the server applied `patch` (dueAt as the server computes it). */
const applyPatch = (task: Task, patch: UpdateTask, zone: string): Task =>
  new Task({
    ...task,
    ...(patch.title === undefined ? {} : { title: patch.title }),
    ...(patch.description === undefined ? {} : { description: patch.description }),
    ...(patch.priority === undefined ? {} : { priority: patch.priority }),
    ...(patch.tags === undefined ? {} : { tags: patch.tags }),
    ...(patch.due === undefined ? {} : { due: patch.due, dueAt: dueAtOf(patch.due, zone) }),
    ...(patch.recurrence === undefined ? {} : { recurrence: patch.recurrence }),
    ...(patch.reminders === undefined ? {} : { reminders: withIds(patch.reminders) }),
    updatedAt: DateTime.nowUnsafe()
  })

export const createTask = async (input: CreateTask & { readonly title: string }, zone: string, listKey?: string) => {
  const now = DateTime.nowUnsafe()
  const placeholder = new Task({
    id: TaskId.make(crypto.randomUUID()),
    title: input.title,
    description: input.description ?? "",
    status: "open",
    priority: input.priority ?? "none",
    tags: input.tags ?? [],
    due: input.due ?? null,
    dueAt: dueAtOf(input.due, zone),
    recurrence: input.recurrence ?? null,
    reminders: withIds(input.reminders ?? []),
    seriesId: null,
    occurrence: null,
    createdAt: now,
    updatedAt: now,
    completedAt: null
  })
  insertIntoList(placeholder, listKey)
  try {
    const created = await api((c) => c.tasks.create({ payload: input }))
    insertIntoList(created, listKey, placeholder.id)
    removeTaskLocally(placeholder.id)
    refreshLists()
    return created
  } catch (error) {
    dropFromLists(placeholder.id)
    removeTaskLocally(placeholder.id)
    showError(error)
    throw error
  }
}

export const updateTask = async (id: string, patch: UpdateTask, zone: string) => {
  const before = taskStore.get().tasks[id]
  if (before === undefined) return
  putTask(applyPatch(before, patch, zone))
  try {
    putTask(await api((c) => c.tasks.update({ params: { id: before.id }, payload: patch })))
  } catch (error) {
    putTask(before)
    showError(error)
    throw error
  }
}

const setStatus = async (id: string, status: "open" | "completed") => {
  const before = taskStore.get().tasks[id]
  if (before === undefined) return
  putTask(new Task({ ...before, status, completedAt: status === "completed" ? DateTime.nowUnsafe() : null }))
  try {
    const after = await api((c) =>
      status === "completed"
        ? c.tasks.complete({ params: { id: before.id } })
        : c.tasks.reopen({ params: { id: before.id } })
    )
    putTask(after)
    // Completing a recurring task makes the next instance (server side): re-read what is on screen.
    refreshLists()
    return after
  } catch (error) {
    putTask(before)
    showError(error)
    throw error
  }
}

export const completeTask = async (id: string) => {
  const task = taskStore.get().tasks[id]
  await setStatus(id, "completed")
  if (task !== undefined) {
    showToast({
      message: `Completed “${task.title}”`,
      tone: "info",
      action: { label: "Undo", run: () => void setStatus(id, "open").catch(() => undefined) }
    })
  }
}

export const reopenTask = (id: string) => setStatus(id, "open")

export const toggleComplete = (id: string) => {
  const task = taskStore.get().tasks[id]
  if (task === undefined) return Promise.resolve()
  return (task.status === "open" ? completeTask(id) : reopenTask(id)).catch(() => undefined)
}

/** Pending deletes: sent when the undo window closes (or the page is left). */
const pendingDeletes = new Map<string, () => Promise<void>>()

const sendDelete = async (id: string) => {
  pendingDeletes.delete(id)
  const task = taskStore.get().tasks[id]
  try {
    await api((c) => c.tasks.remove({ params: { id: TaskId.make(id) } }))
    dropFromLists(id)
    removeTaskLocally(id)
    setHidden(id, false)
  } catch (error) {
    setHidden(id, false)
    if (task) showError(error)
  }
}

/** Hides the task now and deletes it for real after the undo window, unless undone. */
export const deleteTask = (id: string) => {
  const task = taskStore.get().tasks[id]
  if (task === undefined) return
  setHidden(id, true)
  pendingDeletes.set(id, () => sendDelete(id))
  showToast(
    {
      message: `Deleted “${task.title}”`,
      tone: "info",
      action: {
        label: "Undo",
        run: () => {
          pendingDeletes.delete(id)
          setHidden(id, false)
        }
      }
    },
    { ms: 6000, onExpire: () => void pendingDeletes.get(id)?.() }
  )
}

if (typeof window !== "undefined") {
  window.addEventListener("pagehide", () => {
    for (const send of pendingDeletes.values()) void send()
  })
}
