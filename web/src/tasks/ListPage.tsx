import { useState } from "react"
import { useLocation } from "../lib/router.ts"
import { activeFilterCount, effectiveQuery, refinementsFromParams } from "./filters.ts"
import { FilterPanel } from "./FilterPanel.tsx"
import { QuickAdd } from "./QuickAdd.tsx"
import { SortMenu } from "./SortMenu.tsx"
import { queryKey } from "./store.ts"
import { useTags } from "./tags.ts"
import { TaskList } from "./TaskList.tsx"
import type { ListView } from "./views.ts"
import { deleteView } from "./views.ts"
import { navigate } from "../lib/router.ts"

export const ListPage = ({ view }: { readonly view: ListView }) => {
  const location = useLocation()
  const params = location.searchParams
  const tags = useTags()
  const [showFilters, setShowFilters] = useState(false)
  const query = effectiveQuery(view.query, refinementsFromParams(params))
  const filters = activeFilterCount(params)
  const searching = query.q !== undefined

  return (
    <div className="list-page">
      <header className="list-header">
        <div className="list-title">
          <h1>{searching ? `Search: “${query.q}”` : view.name}</h1>
          {searching ? <p className="muted">in {view.name}</p> : null}
          {view.query.filter && view.id.startsWith("view-") ? (
            <p className="muted">
              <code>{view.query.filter}</code>{" "}
              <button
                type="button"
                className="btn-link"
                onClick={() => {
                  void deleteView(view.id.slice(5))
                  navigate("/today")
                }}
              >
                Delete view
              </button>
            </p>
          ) : null}
        </div>
        <div className="list-tools">
          <button
            type="button"
            className={`btn${filters > 0 ? " btn-active" : ""}`}
            aria-expanded={showFilters}
            aria-controls="filter-panel"
            onClick={() => setShowFilters((v) => !v)}
          >
            Filter{filters > 0 ? ` · ${filters}` : ""}
          </button>
          <SortMenu
            sort={params.get("sort") ?? ""}
            order={params.get("order") ?? view.query.order ?? "asc"}
            searching={searching}
          />
        </div>
      </header>
      {showFilters ? (
        <div id="filter-panel">
          <FilterPanel params={params} tags={tags} />
        </div>
      ) : null}
      {view.id !== "completed" ? <QuickAdd listKey={queryKey(query)} /> : null}
      <TaskList query={query} empty={view.empty} byDay={view.byDay === true && !searching} />
    </div>
  )
}
