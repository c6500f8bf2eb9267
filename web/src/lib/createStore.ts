import { useSyncExternalStore } from "react"

/** A minimal external store for React: immutable state, subscribe, select. */
export const createStore = <S>(initial: S) => {
  let state = initial
  const listeners = new Set<() => void>()
  const store = {
    get: () => state,
    set: (update: (state: S) => S) => {
      const next = update(state)
      if (next === state) return
      state = next
      for (const listener of listeners) listener()
    },
    subscribe: (listener: () => void) => {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    }
  }
  const use = <A>(select: (state: S) => A): A => useSyncExternalStore(store.subscribe, () => select(state))
  return { ...store, use }
}
