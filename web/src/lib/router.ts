/** A tiny History API router: the app has a handful of routes, not worth a library in the bundle. */
import { useMemo, useSyncExternalStore } from "react"

const listeners = new Set<() => void>()
const notify = () => {
  for (const listener of listeners) listener()
}
if (typeof window !== "undefined") window.addEventListener("popstate", notify)

const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}
const snapshot = () => window.location.pathname + window.location.search

export const navigate = (to: string, options?: { readonly replace?: boolean }) => {
  if (to === snapshot()) return
  if (options?.replace === true) window.history.replaceState(null, "", to)
  else window.history.pushState(null, "", to)
  notify()
}

export const useLocation = (): URL => {
  const href = useSyncExternalStore(subscribe, snapshot)
  return useMemo(() => new URL(href, window.location.origin), [href])
}

/** The current URL with some search parameters set (a string) or removed (undefined). */
export const withParams = (params: Readonly<Record<string, string | undefined>>, base?: URL): string => {
  const url = new URL(base ?? window.location.href)
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === "") url.searchParams.delete(name)
    else url.searchParams.set(name, value)
  }
  return url.pathname + url.search
}

export const setParams = (params: Readonly<Record<string, string | undefined>>, options?: { replace?: boolean }) =>
  navigate(withParams(params), options)
