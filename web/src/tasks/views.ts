/** The lists in the sidebar: built-in ones and saved views (filter-language queries). */
import { ViewId } from "@tickler/domain"
import { ApiError, api } from "../api/client.ts"
import { createStore } from "../lib/createStore.ts"
import { navigate } from "../lib/router.ts"
import { showError } from "../ui/toasts.ts"
import type { TaskQuery } from "./store.ts"

export interface ListView {
  readonly id: string
  readonly name: string
  readonly path: string
  readonly query: TaskQuery
  readonly empty: string
  /** Group rows under day headings (lists sorted by due date). */
  readonly byDay?: boolean
}

export const builtInViews: ReadonlyArray<ListView> = [
  {
    id: "today",
    name: "Today",
    path: "/today",
    query: { filter: "(today | overdue) & open", sort: "due", order: "asc" },
    empty: "Nothing due today. Enjoy the free time — or add something above."
  },
  {
    id: "upcoming",
    name: "Upcoming",
    path: "/upcoming",
    query: { filter: "due after: today & open", sort: "due", order: "asc" },
    empty: "Nothing scheduled after today.",
    byDay: true
  },
  {
    id: "overdue",
    name: "Overdue",
    path: "/overdue",
    query: { due: "overdue", sort: "due", order: "asc" },
    empty: "Nothing overdue. Nicely done."
  },
  { id: "all", name: "All tasks", path: "/all", query: { status: "open" }, empty: "No open tasks. Add one above." },
  {
    id: "completed",
    name: "Completed",
    path: "/completed",
    query: { status: "completed", sort: "completed", order: "desc" },
    empty: "Nothing completed yet."
  }
]

/** A saved view as the UI shows it; `pending` until the server confirmed an optimistic create. */
export interface SavedView {
  readonly id: string
  readonly name: string
  readonly query: string
  readonly pending?: boolean
}

interface ViewsState {
  /** False until the first list arrived, so `/views/<id>` is not mistaken for a deleted view on reload. */
  readonly loaded: boolean
  readonly views: ReadonlyArray<SavedView>
}

// Saved views live on the server (they follow the user across devices).
export const savedViews = createStore<ViewsState>({ loaded: false, views: [] })

const fromServer = (view: { readonly id: string; readonly name: string; readonly query: string }): SavedView => ({
  id: view.id,
  name: view.name,
  query: view.query
})

// Before views were stored on the server, this browser kept them in localStorage under this key.
const LEGACY_KEY = "tickler.savedViews"

const readLegacy = (): ReadonlyArray<{ readonly id: string; readonly name: string; readonly filter: string }> => {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(LEGACY_KEY) ?? "[]")
    return Array.isArray(parsed)
      ? parsed.filter(
          (v): v is { id: string; name: string; filter: string } =>
            typeof v === "object" &&
            v !== null &&
            typeof v.id === "string" &&
            typeof v.name === "string" &&
            typeof v.filter === "string"
        )
      : []
  } catch {
    return []
  }
}

/**
 * One-time move of this browser's old localStorage views to the server, so existing users lose nothing.
 * A name the server already has (an earlier, interrupted run, or another tab) or a view it refuses is
 * skipped; a network failure keeps the old views for the next start. Answers old id → new id.
 */
const migrateLegacyViews = async (): Promise<ReadonlyMap<string, string>> => {
  const moved = new Map<string, string>()
  if (typeof localStorage === "undefined") return moved
  const legacy = readLegacy()
  for (const view of legacy) {
    try {
      const payload = { name: view.name.trim().slice(0, 100), query: view.filter.trim() }
      const created = await api((c) => c.views.create({ payload }))
      moved.set(view.id, created.id)
    } catch (error) {
      if (!(error instanceof ApiError) || (error.kind !== "conflict" && error.kind !== "invalid")) return moved
    }
  }
  localStorage.removeItem(LEGACY_KEY)
  return moved
}

/** Reads the signed-in user's views (after moving any left in this browser's localStorage). */
export const loadViews = async () => {
  savedViews.set(() => ({ loaded: false, views: [] }))
  const moved = await migrateLegacyViews().catch(() => new Map<string, string>())
  try {
    const views = await api((c) => c.views.list())
    savedViews.set(() => ({ loaded: true, views: views.map(fromServer) }))
  } catch (error) {
    savedViews.set((state) => ({ ...state, loaded: true }))
    showError(error)
  }
  // An old bookmark of a migrated view opens its new id.
  const old = /^\/views\/([^/]+)$/.exec(window.location.pathname)?.[1]
  const now = old === undefined ? undefined : moved.get(old)
  if (now !== undefined) navigate(`/views/${now}`, { replace: true })
}

/** Shows the view at once; resolves with the stored view, or rolls back and rejects (e.g. a name clash). */
export const saveView = async (name: string, query: string): Promise<SavedView> => {
  const placeholder: SavedView = { id: `pending-${crypto.randomUUID()}`, name, query, pending: true }
  savedViews.set((state) => ({ ...state, views: [...state.views, placeholder] }))
  try {
    const created = fromServer(await api((c) => c.views.create({ payload: { name, query } })))
    savedViews.set((state) => ({
      ...state,
      views: state.views.map((view) => (view.id === placeholder.id ? created : view))
    }))
    return created
  } catch (error) {
    savedViews.set((state) => ({ ...state, views: state.views.filter((view) => view.id !== placeholder.id) }))
    throw error
  }
}

/** Removes the view at once; puts it back where it was if the server refuses. */
export const deleteView = async (id: string) => {
  const before = savedViews.get().views
  if (!before.some((view) => view.id === id)) return
  savedViews.set((state) => ({ ...state, views: state.views.filter((view) => view.id !== id) }))
  try {
    await api((c) => c.views.remove({ params: { id: ViewId.make(id) } }))
  } catch (error) {
    // Gone already (deleted on another device) is what the user wanted.
    if (error instanceof ApiError && error.kind === "notFound") return
    savedViews.set((state) => ({ ...state, views: before }))
    showError(error)
  }
}

export const savedListView = (view: SavedView): ListView => ({
  id: `view-${view.id}`,
  name: view.name,
  path: `/views/${view.id}`,
  query: { filter: view.query },
  empty: "No tasks match this view."
})

/** The list for a path; undefined for a path that names no list (e.g. a deleted view). */
export const viewForPath = (pathname: string, saved: ReadonlyArray<SavedView>): ListView | undefined => {
  if (pathname === "/" || pathname === "") return builtInViews[0]
  const builtIn = builtInViews.find((view) => view.path === pathname)
  if (builtIn) return builtIn
  const tag = /^\/tags\/(.+)$/.exec(pathname)
  if (tag?.[1]) {
    const name = decodeURIComponent(tag[1])
    return {
      id: `tag-${name}`,
      name: `#${name}`,
      path: pathname,
      query: { tags: [name] },
      empty: `No open tasks tagged #${name}.`
    }
  }
  const match = /^\/views\/([^/]+)$/.exec(pathname)
  const view = match ? saved.find((v) => v.id === match[1]) : undefined
  return view ? savedListView(view) : undefined
}
