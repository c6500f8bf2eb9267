import type { TagWithCount } from "@tickler/domain"
import { useEffect } from "react"
import { api } from "../api/client.ts"
import { createStore } from "../lib/createStore.ts"
import { taskStore } from "./store.ts"

export const tagStore = createStore<ReadonlyArray<TagWithCount>>([])

export const loadTags = async () => {
  try {
    const tags = await api((c) => c.tags.list())
    tagStore.set(() => tags)
  } catch {
    // Tags only feed the filter panel and autocomplete: the lists show their own errors.
  }
}

let scheduled: ReturnType<typeof setTimeout> | undefined
// Task changes may add or empty tags: re-read (at most every second).
taskStore.subscribe(() => {
  if (scheduled !== undefined) return
  scheduled = setTimeout(() => {
    scheduled = undefined
    void loadTags()
  }, 1000)
})

export const useTags = () => {
  useEffect(() => void loadTags(), [])
  return tagStore.use((tags) => tags)
}
