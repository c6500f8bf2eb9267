/** The lists in the sidebar: built-in ones and saved views (filter-language queries). */
import type { TaskQuery } from "./store.ts"
import { createStore } from "../lib/createStore.ts"

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

export interface SavedView {
  readonly id: string
  readonly name: string
  readonly filter: string
}

// Saved views live in this browser's localStorage until the API has a views endpoint.
const STORAGE_KEY = "tickler.savedViews"

const load = (): ReadonlyArray<SavedView> => {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]")
    return Array.isArray(parsed)
      ? parsed.filter(
          (v): v is SavedView =>
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

export const savedViews = createStore<ReadonlyArray<SavedView>>(typeof localStorage === "undefined" ? [] : load())
savedViews.subscribe(() => localStorage.setItem(STORAGE_KEY, JSON.stringify(savedViews.get())))

export const saveView = (name: string, filter: string): SavedView => {
  const view = { id: crypto.randomUUID().slice(0, 8), name, filter }
  savedViews.set((all) => [...all, view])
  return view
}

export const deleteView = (id: string) => savedViews.set((all) => all.filter((view) => view.id !== id))

export const savedListView = (view: SavedView): ListView => ({
  id: `view-${view.id}`,
  name: view.name,
  path: `/views/${view.id}`,
  query: { filter: view.filter },
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
