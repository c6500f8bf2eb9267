import { createStore } from "../lib/createStore.ts"

/** The row the keyboard acts on (j/k move it, x completes it, Enter opens it). */
export const selection = createStore<string | undefined>(undefined)

/** Ids of the rows on screen, in order, for j/k. */
export let visibleIds: ReadonlyArray<string> = []
export const setVisibleIds = (ids: ReadonlyArray<string>) => {
  visibleIds = ids
}
