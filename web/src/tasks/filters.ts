/** The filter panel, search and sort live in the URL (`?priority=high,urgent&q=rent`), so reload keeps them. */
import type { Priority } from "@tickler/domain"
import { DuePreset, TaskSort } from "@tickler/api"
import { Schema } from "effect"
import type { TaskQuery } from "./store.ts"

export const priorityOrder: ReadonlyArray<Priority> = ["urgent", "high", "medium", "low", "none"]
const isPriority = (value: string): value is Priority => (priorityOrder as ReadonlyArray<string>).includes(value)
const isDuePreset = Schema.is(DuePreset)
const isSort = Schema.is(TaskSort)

const list = (params: URLSearchParams, name: string) =>
  (params.get(name) ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")

/** The refinements in the URL on top of the list's own query (API params are ANDed with its filter). */
export const refinementsFromParams = (params: URLSearchParams): TaskQuery => {
  const priority = list(params, "priority").filter(isPriority)
  const tags = list(params, "tags")
  const notTags = list(params, "notTags")
  const due = params.get("due") ?? ""
  const status = params.get("status")
  const recurring = params.get("recurring")
  const sort = params.get("sort") ?? ""
  const q = (params.get("q") ?? "").trim()
  return {
    ...(q === "" ? {} : { q }),
    ...(status === "open" || status === "completed" || status === "all" ? { status } : {}),
    ...(priority.length > 0 ? { priority } : {}),
    ...(tags.length > 0 ? { tags, ...(params.get("tagMode") === "all" ? { tagMode: "all" as const } : {}) } : {}),
    ...(notTags.length > 0 ? { notTags } : {}),
    ...(isDuePreset(due) ? { due } : {}),
    ...(/^\d{4}-\d{2}-\d{2}$/.test(params.get("dueFrom") ?? "") ? { dueFrom: params.get("dueFrom")! } : {}),
    ...(/^\d{4}-\d{2}-\d{2}$/.test(params.get("dueTo") ?? "") ? { dueTo: params.get("dueTo")! } : {}),
    ...(recurring === "true" || recurring === "false" ? { recurring } : {}),
    ...(isSort(sort) ? { sort } : {}),
    ...(params.get("order") === "asc" || params.get("order") === "desc"
      ? { order: params.get("order") as "asc" | "desc" }
      : {})
  }
}

/** The list's query with the URL's refinements; searching sorts by relevance unless a sort was chosen. */
export const effectiveQuery = (base: TaskQuery, refinements: TaskQuery): TaskQuery => {
  const merged: TaskQuery = { ...base, ...refinements }
  if (refinements.q !== undefined && refinements.sort === undefined) {
    const { order: _order, ...rest } = merged
    return { ...rest, sort: "relevance" }
  }
  return merged
}

export const FILTER_PARAMS = [
  "status",
  "priority",
  "tags",
  "tagMode",
  "notTags",
  "due",
  "dueFrom",
  "dueTo",
  "recurring"
] as const

export const activeFilterCount = (params: URLSearchParams) =>
  FILTER_PARAMS.filter((name) => name !== "tagMode" && (params.get(name) ?? "") !== "").length
