import { useEffect, useRef, useState } from "react"
import { setParams, useLocation } from "../lib/router.ts"
import { Icon } from "../ui/Icon.tsx"

export const SEARCH_ID = "search"

/** Full-text search (`/` focuses it); the query goes to the URL after a short pause in typing. */
export const SearchBox = () => {
  const location = useLocation()
  const inUrl = location.searchParams.get("q") ?? ""
  const [text, setText] = useState(inUrl)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => setText(inUrl), [inUrl])
  const commit = (value: string) => {
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setParams({ q: value.trim() || undefined }, { replace: true }), 250)
  }
  return (
    <form className="search" role="search" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor={SEARCH_ID} className="sr-only">
        Search tasks
      </label>
      <span className="search-icon" aria-hidden="true">
        <Icon name="search" size={15} />
      </span>
      <input
        id={SEARCH_ID}
        type="search"
        placeholder="Search"
        autoComplete="off"
        value={text}
        maxLength={200}
        onChange={(e) => {
          setText(e.target.value)
          commit(e.target.value)
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            setText("")
            commit("")
            e.currentTarget.blur()
          }
        }}
      />
      <kbd className="search-kbd" aria-hidden="true">
        /
      </kbd>
    </form>
  )
}
