import { navigate, withParams } from "../lib/router.ts"

/** Opens a task's detail panel over the current list (from Settings, over All tasks). */
export const openTask = (id: string) =>
  navigate(
    window.location.pathname === "/settings" || window.location.pathname.startsWith("/tasks/")
      ? `/all?task=${encodeURIComponent(id)}`
      : withParams({ task: id })
  )
