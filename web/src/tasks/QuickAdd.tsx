import { useMemo, useState } from "react"
import { Temporal } from "temporal-polyfill"
import { useUserZone } from "../auth/session.ts"
import { createTask } from "./actions.ts"
import { draftQuickAdd } from "./quickAddModel.ts"
import { QuickAddPreview } from "./QuickAddPreview.tsx"

export const QUICK_ADD_ID = "quick-add"

/** One line becomes a task; `q` focuses it from anywhere (see shortcuts). */
export const QuickAdd = ({ listKey }: { readonly listKey: string | undefined }) => {
  const zone = useUserZone()
  const [text, setText] = useState("")
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set())
  const draft = useMemo(
    () => (text.trim() === "" ? undefined : draftQuickAdd(text, dismissed, { now: Temporal.Now.instant(), zone })),
    [text, dismissed, zone]
  )

  const submit = async () => {
    // Each Enter creates its own task at once: fast typists add several without waiting for the server.
    if (draft === undefined || draft.title === "") return
    const before = text
    setText("")
    setDismissed(new Set())
    try {
      await createTask(draft.input, zone, listKey)
    } catch {
      // The toast said why; give the text back so nothing typed is lost.
      setText((current) => (current === "" ? before : current))
    }
  }

  return (
    <form
      className="quick-add"
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <label htmlFor={QUICK_ADD_ID} className="sr-only">
        Add a task
      </label>
      <div className="qa-row">
        <span className="qa-plus" aria-hidden="true">
          +
        </span>
        <input
          id={QUICK_ADD_ID}
          className="qa-input"
          autoComplete="off"
          placeholder="Add a task — e.g. Pay rent every month on the 1st 9am #home !high"
          value={text}
          maxLength={2000}
          aria-describedby="quick-add-hint"
          onChange={(event) => {
            setText(event.target.value)
            if (event.target.value.trim() === "") setDismissed(new Set())
          }}
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              setText("")
              setDismissed(new Set())
              event.currentTarget.blur()
            }
          }}
        />
        <button type="submit" className="btn btn-primary" disabled={draft === undefined || draft.title === ""}>
          Add
        </button>
      </div>
      <span id="quick-add-hint" className="sr-only">
        Dates, repeats, #tags, !priority and “remind 30m before” are understood as you type.
      </span>
      <QuickAddPreview
        draft={draft}
        onDismiss={(chip) => setDismissed((all) => new Set([...all, ...chip.tokenKeys]))}
      />
    </form>
  )
}
