import { createStore } from "../lib/createStore.ts"

export interface Toast {
  readonly id: number
  readonly message: string
  readonly tone: "info" | "error"
  readonly action?: { readonly label: string; readonly run: () => void }
}

export const toasts = createStore<ReadonlyArray<Toast>>([])
let nextId = 1

/** Shows a message for `ms`; `onExpire` runs when it times out (not when its action was used). */
export const showToast = (toast: Omit<Toast, "id">, options?: { ms?: number; onExpire?: () => void }): number => {
  const id = nextId++
  toasts.set((all) => [...all.slice(-2), { ...toast, id }])
  setTimeout(
    () => {
      if (toasts.get().some((t) => t.id === id)) {
        dismissToast(id)
        options?.onExpire?.()
      }
    },
    options?.ms ?? (toast.tone === "error" ? 8000 : 5000)
  )
  return id
}

export const dismissToast = (id: number) => toasts.set((all) => all.filter((t) => t.id !== id))

export const showError = (error: unknown) =>
  showToast({ message: error instanceof Error ? error.message : "Something went wrong.", tone: "error" })
