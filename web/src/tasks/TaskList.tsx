import type { Task } from "@tickler/domain"
import { useEffect, useRef } from "react"
import { Temporal } from "temporal-polyfill"
import { useUserZone } from "../auth/session.ts"
import { formatDay, todayIn } from "../lib/format.ts"
import { selection, setVisibleIds } from "./selection.ts"
import type { TaskQuery } from "./store.ts"
import { useTaskList } from "./store.ts"
import { TaskRow } from "./TaskRow.tsx"

const dayOf = (task: Task, zone: string): string | undefined => {
  if (task.due === null) return undefined
  return task.due.kind === "date"
    ? task.due.date
    : Temporal.PlainDateTime.from(task.due.local)
        .toZonedDateTime(task.due.zone)
        .withTimeZone(zone)
        .toPlainDate()
        .toString()
}

const Skeleton = () => (
  <ul className="task-list" aria-hidden="true">
    {[0, 1, 2, 3].map((i) => (
      <li key={i} className="task-row skeleton">
        <span className="task-check" />
        <div className="task-main">
          <span className="sk-line" style={{ width: `${60 - i * 8}%` }} />
          <span className="sk-line sk-small" />
        </div>
      </li>
    ))}
  </ul>
)

export const TaskList = ({
  query,
  empty,
  byDay
}: {
  readonly query: TaskQuery
  readonly empty: string
  readonly byDay: boolean
}) => {
  const zone = useUserZone()
  const { entry, items, loadMore, retry } = useTaskList(query)
  const selected = selection.use((id) => id)
  const sentinel = useRef<HTMLDivElement>(null)
  const loadMoreRef = useRef(loadMore)
  loadMoreRef.current = loadMore

  useEffect(() => setVisibleIds(items.map((task) => task.id)), [items])

  // Infinite scroll: the next cursor page loads when the end of the list comes into view.
  useEffect(() => {
    const node = sentinel.current
    if (node === null) return
    const observer = new IntersectionObserver(
      (seen) => {
        if (seen.some((e) => e.isIntersecting)) loadMoreRef.current()
      },
      { rootMargin: "400px" }
    )
    observer.observe(node)
    return () => observer.disconnect()
  }, [entry?.status])

  if (entry === undefined || entry.status === "loading") return <Skeleton />
  if (entry.status === "error") {
    return (
      <div className="state state-error" role="alert">
        <p>Couldn't load these tasks: {entry.error?.message}</p>
        <button type="button" className="btn" onClick={retry}>
          Try again
        </button>
      </div>
    )
  }
  if (items.length === 0) {
    return (
      <div className="state state-empty">
        <p>{query.q ? `No tasks match “${query.q}”.` : empty}</p>
      </div>
    )
  }

  const today = todayIn(zone)
  // Upcoming groups rows under day headings; other lists are one group.
  const groups: Array<{ day: string | undefined; tasks: Array<Task> }> = []
  for (const task of items) {
    const day = byDay ? dayOf(task, zone) : undefined
    const last = groups[groups.length - 1]
    if (last !== undefined && last.day === day) last.tasks.push(task)
    else groups.push({ day, tasks: [task] })
  }
  return (
    <>
      {groups.map((group, i) => (
        <section key={group.day ?? `group-${i}`} className="task-group" aria-busy={entry.loadingMore}>
          {group.day ? <h3 className="day-heading">{formatDay(Temporal.PlainDate.from(group.day), today)}</h3> : null}
          <ul
            className="task-list"
            aria-label={group.day ? formatDay(Temporal.PlainDate.from(group.day), today) : "Tasks"}
          >
            {group.tasks.map((task) => (
              <TaskRow
                key={task.id}
                task={task}
                highlight={entry.highlights[task.id]}
                userZone={zone}
                selected={selected === task.id}
                onSelect={(id) => selection.set(() => id)}
              />
            ))}
          </ul>
        </section>
      ))}
      <div ref={sentinel} className="list-end">
        {entry.nextCursor ? (
          <button type="button" className="btn btn-quiet" onClick={loadMore} disabled={entry.loadingMore}>
            {entry.loadingMore ? "Loading…" : "Load more"}
          </button>
        ) : null}
        {entry.error && entry.status === "ready" ? <p role="alert">Couldn't load more: {entry.error.message}</p> : null}
      </div>
    </>
  )
}
