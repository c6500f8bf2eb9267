import { navigate, useLocation } from "../lib/router.ts"
import { useTags } from "../tasks/tags.ts"
import { builtInViews, savedViews } from "../tasks/views.ts"
import { Icon, type IconName } from "../ui/Icon.tsx"

const icons: Record<string, IconName> = {
  today: "sun",
  upcoming: "calendar",
  overdue: "clock",
  all: "list",
  completed: "check"
}

const NavLink = ({
  path,
  label,
  icon,
  count,
  current,
  onNavigate
}: {
  readonly path: string
  readonly label: string
  readonly icon: IconName
  readonly count?: number
  readonly current: boolean
  readonly onNavigate: () => void
}) => (
  <li>
    <a
      href={path}
      className="nav-link"
      aria-current={current ? "page" : undefined}
      onClick={(event) => {
        event.preventDefault()
        navigate(path)
        onNavigate()
      }}
    >
      <span className="nav-icon" aria-hidden="true">
        <Icon name={icon} />
      </span>
      <span className="nav-label">{label}</span>
      {count !== undefined && count > 0 ? <span className="nav-count">{count}</span> : null}
    </a>
  </li>
)

export const Sidebar = ({ open, onNavigate }: { readonly open: boolean; readonly onNavigate: () => void }) => {
  const { pathname } = useLocation()
  const views = savedViews.use((state) => state.views)
  const tags = useTags()
  const current = pathname === "/" ? "/today" : pathname
  return (
    <nav className={`sidebar${open ? " is-open" : ""}`} aria-label="Lists" id="sidebar">
      <ul className="nav-list">
        {builtInViews.map((view) => (
          <NavLink
            key={view.id}
            path={view.path}
            label={view.name}
            icon={icons[view.id] ?? "list"}
            current={current === view.path}
            onNavigate={onNavigate}
          />
        ))}
      </ul>
      <h2 className="nav-heading">Views</h2>
      {views.length === 0 ? (
        <p className="nav-empty">Save a filter as a view from the Filter panel.</p>
      ) : (
        <ul className="nav-list">
          {views.map((view) => (
            <NavLink
              key={view.id}
              path={`/views/${view.id}`}
              label={view.name}
              icon="layers"
              current={current === `/views/${view.id}`}
              onNavigate={onNavigate}
            />
          ))}
        </ul>
      )}
      <h2 className="nav-heading">Tags</h2>
      {tags.length === 0 ? (
        <p className="nav-empty">Type #tag in quick add.</p>
      ) : (
        <ul className="nav-list">
          {tags.map((tag) => (
            <NavLink
              key={tag.name}
              path={`/tags/${encodeURIComponent(tag.name)}`}
              label={tag.name}
              icon="hash"
              count={tag.openCount}
              current={current === `/tags/${encodeURIComponent(tag.name)}`}
              onNavigate={onNavigate}
            />
          ))}
        </ul>
      )}
    </nav>
  )
}
