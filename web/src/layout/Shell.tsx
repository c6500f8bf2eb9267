import { lazy, Suspense, useEffect, useMemo, useState } from "react"
import { navigate, setParams, useLocation } from "../lib/router.ts"
import { ChatPanel } from "../chat/ChatPanel.tsx"
import { chat } from "../chat/store.ts"
import { connectLiveUpdates } from "../live/liveUpdates.ts"
import { registerServiceWorker } from "../notifications/webPush.ts"
import { ListPage } from "../tasks/ListPage.tsx"
import { loadViews, savedViews, viewForPath } from "../tasks/views.ts"
import { installShortcuts, shortcuts } from "../ui/shortcuts.ts"
import { ShortcutsOverlay } from "../ui/ShortcutsOverlay.tsx"
import { Header } from "./Header.tsx"
import { Sidebar } from "./Sidebar.tsx"

// Loaded on first use, so they stay out of the initial bundle.
const TaskDetail = lazy(() => import("../detail/TaskDetail.tsx"))
// Pages that are not a list of tasks, by path, with their title.
const pages = new Map([
  ["/settings", { title: "Settings", Page: lazy(() => import("../settings/SettingsPage.tsx")) }],
  ["/account", { title: "Account", Page: lazy(() => import("../account/AccountPage.tsx")) }]
])

const PanelFallback = () => <div className="detail-panel" aria-busy="true" />

export const Shell = () => {
  const location = useLocation()
  const saved = savedViews.use((state) => state.views)
  const viewsLoaded = savedViews.use((state) => state.loaded)
  const [menuOpen, setMenuOpen] = useState(false)
  const [help, setHelp] = useState(false)
  const chatOpen = chat.use((state) => state.open)
  const list = useMemo(() => shortcuts(() => setHelp(true)), [])
  useEffect(() => installShortcuts(list), [list])
  useEffect(connectLiveUpdates, [])
  useEffect(() => void loadViews(), [])
  // The service worker shows Web Push reminders and routes their clicks back to this tab.
  useEffect(() => void registerServiceWorker()?.catch(() => undefined), [])

  const taskId = location.searchParams.get("task") ?? undefined
  const page = pages.get(location.pathname)
  const view = page ? undefined : viewForPath(location.pathname, saved)
  // `/tasks/<id>` is the link in reminder emails and pushes: the task over All tasks.
  const linkedTask = /^\/tasks\/([^/]+)$/.exec(location.pathname)?.[1]
  useEffect(() => {
    if (linkedTask !== undefined) navigate(`/all?task=${linkedTask}`, { replace: true })
    // A saved view's path is only known to be gone once the views arrived.
    else if (!page && view === undefined && (viewsLoaded || !location.pathname.startsWith("/views/")))
      navigate("/today", { replace: true })
  }, [page, view, linkedTask, viewsLoaded, location.pathname])
  const title = page?.title ?? view?.name ?? "Tickler"
  useEffect(() => {
    document.title = `${title} · Tickler`
  }, [title])

  return (
    <div className={`shell${taskId ? " has-detail" : ""}`}>
      <a className="skip-link" href="#main">
        Skip to tasks
      </a>
      <Header onMenu={() => setMenuOpen((v) => !v)} menuOpen={menuOpen} onHelp={() => setHelp(true)} />
      <Sidebar open={menuOpen} onNavigate={() => setMenuOpen(false)} />
      {menuOpen ? <div className="scrim" aria-hidden="true" onClick={() => setMenuOpen(false)} /> : null}
      <main id="main" className="main" tabIndex={-1}>
        {page ? (
          <Suspense fallback={<div className="page" aria-busy="true" />}>
            <page.Page />
          </Suspense>
        ) : view ? (
          <ListPage key={view.id} view={view} />
        ) : null}
      </main>
      {taskId && !page ? (
        <Suspense fallback={<PanelFallback />}>
          <TaskDetail key={taskId} id={taskId} onClose={() => setParams({ task: undefined })} />
        </Suspense>
      ) : null}
      {chatOpen ? <ChatPanel /> : null}
      {help ? <ShortcutsOverlay list={list} onClose={() => setHelp(false)} /> : null}
    </div>
  )
}
