import { useId, useState } from "react"
import { api } from "../api/client.ts"
import { CurrentPasswordField } from "../auth/CurrentPasswordField.tsx"
import { NewPasswordFields, noNewPassword } from "../auth/NewPasswordFields.tsx"
import { OutcomeMessage, refuses, useAction } from "../ui/outcome.tsx"

/**
 * Changes the password. The server ends every session of the account and answers this browser with a
 * new session cookie, so the app goes on working here; `onChanged` lets the page re-read its sessions.
 */
export const PasswordSection = ({ onChanged }: { readonly onChanged: () => void }) => {
  const [current, setCurrent] = useState("")
  const [next, setNext] = useState(noNewPassword)
  const { busy, outcome, run } = useAction()
  const outcomeId = useId()
  const change = () =>
    run(async () => {
      await api((c) => c.account.changePassword({ payload: { currentPassword: current, newPassword: next.password } }))
      setCurrent("")
      setNext(noNewPassword)
      onChanged()
      return "Password changed. You're still signed in here; every other device was signed out."
    })
  const wrongCurrent = refuses(outcome, "currentPassword")
  return (
    <section className="card" aria-labelledby="password-h">
      <h2 id="password-h">Password</h2>
      <form
        className="stacked-form"
        onSubmit={(e) => {
          e.preventDefault()
          void change()
        }}
      >
        <CurrentPasswordField
          label="Current password"
          value={current}
          onChange={setCurrent}
          invalid={wrongCurrent}
          errorId={outcomeId}
        />
        <NewPasswordFields
          value={next}
          onChange={setNext}
          invalid={refuses(outcome, "newPassword")}
          errorId={outcomeId}
        />
        <OutcomeMessage outcome={outcome} id={outcomeId} />
        <div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? "Changing…" : "Change password"}
          </button>
        </div>
      </form>
    </section>
  )
}
