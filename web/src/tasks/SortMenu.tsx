import type { TaskSort } from "@tickler/api"
import { setParams } from "../lib/router.ts"

const sorts: ReadonlyArray<[TaskSort, string]> = [
  ["due", "Due date"],
  ["priority", "Priority"],
  ["created", "Date added"],
  ["updated", "Last changed"],
  ["title", "Title"],
  ["completed", "Date completed"],
  ["relevance", "Relevance"]
]

export const SortMenu = ({
  sort,
  order,
  searching
}: {
  readonly sort: string
  readonly order: string
  readonly searching: boolean
}) => (
  <div className="sort-menu">
    <label>
      <span className="sr-only">Sort by</span>
      <select
        value={sort}
        onChange={(e) => setParams({ sort: e.target.value || undefined }, { replace: true })}
        aria-label="Sort by"
      >
        <option value="">{searching ? "Best match" : "List default"}</option>
        {sorts
          .filter(([value]) => searching || value !== "relevance")
          .map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
      </select>
    </label>
    <button
      type="button"
      className="btn btn-icon"
      aria-label={order === "desc" ? "Descending (switch to ascending)" : "Ascending (switch to descending)"}
      title={order === "desc" ? "Descending" : "Ascending"}
      onClick={() => setParams({ order: order === "desc" ? "asc" : "desc" }, { replace: true })}
    >
      {order === "desc" ? "↓" : "↑"}
    </button>
  </div>
)
