import type { ReactNode } from "react"
import { useEffect, useRef, useState } from "react"
import { ApiError } from "../api/client.ts"

/** What came of a user's action: a result, or why it failed (and which field, when the server said). */
export interface Outcome {
  readonly tone: "success" | "error"
  readonly message: ReactNode
  readonly field?: string | undefined
}

const failed = (error: unknown): Outcome => ({
  tone: "error",
  message: error instanceof Error ? error.message : String(error),
  field: error instanceof ApiError ? error.field : undefined
})

/** Runs one action at a time: `busy` while it runs, then its `outcome` (the success message it returns, or the error). */
export const useAction = () => {
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>()
  const run = async (action: () => Promise<ReactNode>) => {
    setBusy(true)
    setOutcome(undefined)
    try {
      setOutcome({ tone: "success", message: await action() })
    } catch (error) {
      setOutcome(failed(error))
    } finally {
      setBusy(false)
    }
  }
  return { busy, outcome, run }
}

/** Whether `outcome` is the server refusing `field`, for `aria-invalid`. */
export const refuses = (outcome: Outcome | undefined, field: string) =>
  outcome?.tone === "error" && outcome.field === field

/**
 * Shows an outcome and moves focus to it, so keyboard and screen-reader users land on the answer to
 * what they just did (the control they used may be gone or disabled). Always in the page, empty when
 * there is nothing to say, so assistive technology knows the region before it speaks.
 */
export const OutcomeMessage = ({ outcome, id }: { readonly outcome: Outcome | undefined; readonly id?: string }) => {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (outcome !== undefined) ref.current?.focus()
  }, [outcome])
  return (
    <div
      ref={ref}
      id={id}
      tabIndex={-1}
      role={outcome?.tone === "error" ? "alert" : "status"}
      className={`outcome${outcome ? ` outcome-${outcome.tone}` : ""}`}
    >
      {outcome?.message}
    </div>
  )
}
