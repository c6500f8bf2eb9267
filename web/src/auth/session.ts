import type { AccountUser, UserSettings } from "@tickler/domain"
import { api, ApiError } from "../api/client.ts"
import { createStore } from "../lib/createStore.ts"

export type Session =
  | { readonly status: "loading" }
  | { readonly status: "signedOut" }
  | { readonly status: "error"; readonly message: string }
  | { readonly status: "signedIn"; readonly user: AccountUser; readonly settings: UserSettings }

export const session = createStore<Session>({ status: "loading" })

export const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"

/** Who is signed in: the HttpOnly cookie survives reloads, so ask the server rather than storage. */
export const loadSession = async () => {
  try {
    const user = await api((c) => c.auth.me())
    const settings = await api((c) => c.settings.get())
    session.set(() => ({ status: "signedIn", user, settings }))
  } catch (error) {
    if (error instanceof ApiError && error.kind === "unauthorized") session.set(() => ({ status: "signedOut" }))
    else session.set(() => ({ status: "error", message: error instanceof Error ? error.message : String(error) }))
  }
}

/** The server ended this browser's session already (the account was deleted): back to sign-in. */
export const signedOut = () => session.set(() => ({ status: "signedOut" }))

export const signOut = async () => {
  await api((c) => c.auth.signOut()).catch(() => undefined)
  signedOut()
}

export const setSettings = (settings: UserSettings) =>
  session.set((s) => (s.status === "signedIn" ? { ...s, settings } : s))

/** A fresher copy of the signed-in user (e.g. just verified); another user's is ignored. */
export const setUser = (user: AccountUser) =>
  session.set((s) => (s.status === "signedIn" && s.user.id === user.id ? { ...s, user } : s))

export const useUserZone = (): string =>
  session.use((s) => (s.status === "signedIn" ? s.settings.timeZone : browserZone()))
