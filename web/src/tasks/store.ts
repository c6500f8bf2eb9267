/**
 * Tasks as the UI sees them: one copy of each task, and the lists (one per query) that point at
 * them. Mutations are optimistic: the UI changes at once, the server's answer replaces the guess,
 * and an error puts the previous state back and says so.
 */
import type { Highlight, ListTasksQuery } from "@tickler/api"
import type { Task } from "@tickler/domain"
import { useEffect, useMemo } from "react"
import { api, ApiError } from "../api/client.ts"
import { createStore } from "../lib/createStore.ts"

export type TaskQuery = ListTasksQuery

export interface ListEntry {
  readonly query: TaskQuery
  readonly ids: ReadonlyArray<string>
  readonly highlights: Readonly<Record<string, typeof Highlight.Type>>
  readonly nextCursor: string | null
  readonly status: "loading" | "ready" | "error"
  readonly loadingMore: boolean
  readonly error?: ApiError
}

interface State {
  readonly tasks: Readonly<Record<string, Task>>
  readonly lists: Readonly<Record<string, ListEntry>>
  /** Deleted locally, waiting for the undo window to pass. */
  readonly hidden: ReadonlySet<string>
}

export const taskStore = createStore<State>({ tasks: {}, lists: {}, hidden: new Set() })

const PAGE = 30

export const queryKey = (query: TaskQuery): string =>
  JSON.stringify(Object.entries(query).sort(([a], [b]) => a.localeCompare(b)))

const putTasks = (tasks: Readonly<Record<string, Task>>, items: ReadonlyArray<Task>) => {
  const next = { ...tasks }
  for (const item of items) next[item.id] = item
  return next
}

/** Each list load gets a number; an answer to an older load is dropped. */
const generation = new Map<string, number>()

const fetchPage = async (key: string, query: TaskQuery, mode: "reset" | "more" | "refresh") => {
  const gen = (generation.get(key) ?? 0) + (mode === "more" ? 0 : 1)
  generation.set(key, gen)
  const entry = taskStore.get().lists[key]
  const cursor = mode === "more" ? (entry?.nextCursor ?? undefined) : undefined
  // A refresh re-reads as many rows as are on screen, so the scroll position survives.
  const limit = mode === "refresh" ? Math.min(200, Math.max(PAGE, entry?.ids.length ?? 0)) : PAGE
  taskStore.set((s) => ({
    ...s,
    lists: {
      ...s.lists,
      [key]:
        mode === "more" && entry !== undefined
          ? { ...entry, loadingMore: true }
          : mode === "refresh" && entry !== undefined
            ? entry
            : { query, ids: [], highlights: {}, nextCursor: null, status: "loading", loadingMore: false }
    }
  }))
  try {
    const page = await api((c) => c.tasks.list({ query: { ...query, limit, ...(cursor ? { cursor } : {}) } }))
    if (generation.get(key) !== gen) return
    taskStore.set((s) => {
      const previous = s.lists[key]
      const highlights = { ...(mode === "more" ? previous?.highlights : {}) }
      for (const item of page.items) if (item.highlight) highlights[item.id] = item.highlight
      const ids = page.items.map((item) => item.id)
      return {
        ...s,
        tasks: putTasks(s.tasks, page.items),
        lists: {
          ...s.lists,
          [key]: {
            query,
            ids: mode === "more" ? [...(previous?.ids ?? []), ...ids.filter((id) => !previous?.ids.includes(id))] : ids,
            highlights,
            nextCursor: page.nextCursor,
            status: "ready",
            loadingMore: false
          }
        }
      }
    })
  } catch (error) {
    if (generation.get(key) !== gen) return
    const apiError = error instanceof ApiError ? error : new ApiError("server", String(error))
    taskStore.set((s) => {
      const previous = s.lists[key]
      // A failed "load more" keeps what is shown and lets the user retry.
      if (mode !== "reset" && previous !== undefined && previous.status === "ready") {
        return { ...s, lists: { ...s.lists, [key]: { ...previous, loadingMore: false, error: apiError } } }
      }
      return {
        ...s,
        lists: {
          ...s.lists,
          [key]: {
            query,
            ids: [],
            highlights: {},
            nextCursor: null,
            status: "error",
            loadingMore: false,
            error: apiError
          }
        }
      }
    })
  }
}

/** Re-reads every list on screen (after a change whose effect on membership we cannot predict). */
export const refreshLists = () => {
  for (const [key, entry] of Object.entries(taskStore.get().lists)) void fetchPage(key, entry.query, "refresh")
}

/** Status filters the UI can apply at once after an optimistic complete/reopen. */
const matchesStatus = (task: Task, query: TaskQuery) => {
  const status = query.status ?? (query.filter === undefined ? "open" : "all")
  return status === "all" || task.status === status
}

export const useTaskList = (query: TaskQuery) => {
  const key = queryKey(query)
  useEffect(() => {
    void fetchPage(key, query, "reset")
    // `key` is the query's identity; `query` itself is a fresh object on every render.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  const entry = taskStore.use((s) => s.lists[key])
  const tasks = taskStore.use((s) => s.tasks)
  const hidden = taskStore.use((s) => s.hidden)
  const items = useMemo(
    () =>
      (entry?.ids ?? [])
        .map((id) => tasks[id])
        .filter((task): task is Task => task !== undefined && !hidden.has(task.id) && matchesStatus(task, query)),
    // oxlint-disable-next-line react-hooks/exhaustive-deps
    [entry, tasks, hidden, key]
  )
  return {
    entry,
    items,
    loadMore: () => {
      if (entry?.nextCursor && !entry.loadingMore) void fetchPage(key, query, "more")
    },
    retry: () => void fetchPage(key, query, "reset")
  }
}

export const useTask = (id: string | undefined): Task | undefined =>
  taskStore.use((s) => (id ? s.tasks[id] : undefined))

export const putTask = (task: Task) => taskStore.set((s) => ({ ...s, tasks: { ...s.tasks, [task.id]: task } }))

export const removeTaskLocally = (id: string) =>
  taskStore.set((s) => {
    const { [id]: _removed, ...tasks } = s.tasks
    return { ...s, tasks }
  })

export const setHidden = (id: string, hidden: boolean) =>
  taskStore.set((s) => {
    const next = new Set(s.hidden)
    if (hidden) next.add(id)
    else next.delete(id)
    return { ...s, hidden: next }
  })

/** Puts a task at the top of the list on screen (before the lists re-read), or swaps a placeholder for it. */
export const insertIntoList = (task: Task, listKey: string | undefined, replacing?: string) =>
  taskStore.set((s) => {
    const lists: Record<string, ListEntry> = {}
    for (const [key, entry] of Object.entries(s.lists)) {
      const at = replacing === undefined ? -1 : entry.ids.indexOf(replacing)
      if (at >= 0) lists[key] = { ...entry, ids: entry.ids.map((id) => (id === replacing ? task.id : id)) }
      else if (key === listKey && !entry.ids.includes(task.id)) lists[key] = { ...entry, ids: [task.id, ...entry.ids] }
      else lists[key] = entry
    }
    return { ...s, tasks: { ...s.tasks, [task.id]: task }, lists }
  })

export const dropFromLists = (id: string) =>
  taskStore.set((s) => {
    const lists: Record<string, ListEntry> = {}
    for (const [key, entry] of Object.entries(s.lists))
      lists[key] = { ...entry, ids: entry.ids.filter((x) => x !== id) }
    return { ...s, lists }
  })
