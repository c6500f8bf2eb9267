import { createStore } from "../lib/createStore.ts"

export type ThemeChoice = "system" | "light" | "dark"
const KEY = "tickler.theme"

const stored = (): ThemeChoice => {
  const value = typeof localStorage === "undefined" ? null : localStorage.getItem(KEY)
  return value === "light" || value === "dark" ? value : "system"
}

export const theme = createStore<ThemeChoice>(stored())

/** `public/theme.js` applies the stored theme before first paint (no flash); this keeps it in sync after. */
export const applyTheme = (choice: ThemeChoice) => {
  if (choice === "system") {
    localStorage.removeItem(KEY)
    delete document.documentElement.dataset["theme"]
  } else {
    localStorage.setItem(KEY, choice)
    document.documentElement.dataset["theme"] = choice
  }
  theme.set(() => choice)
}

export const isDark = () =>
  document.documentElement.dataset["theme"] === "dark" ||
  (document.documentElement.dataset["theme"] === undefined && window.matchMedia("(prefers-color-scheme: dark)").matches)

export const toggleTheme = () => applyTheme(isDark() ? "light" : "dark")
