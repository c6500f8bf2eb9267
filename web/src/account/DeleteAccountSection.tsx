import { useId, useState } from "react"
import { api } from "../api/client.ts"
import { CurrentPasswordField } from "../auth/CurrentPasswordField.tsx"
import { signedOut } from "../auth/session.ts"
import { navigate } from "../lib/router.ts"
import { OutcomeMessage, refuses, useAction } from "../ui/outcome.tsx"
import { showToast } from "../ui/toasts.ts"

/** Deletes the account and all its data, after the password and an explicit "I understand". */
export const DeleteAccountSection = () => {
  const [password, setPassword] = useState("")
  const [understood, setUnderstood] = useState(false)
  const { busy, outcome, run } = useAction()
  const outcomeId = useId()
  const remove = () =>
    run(async () => {
      await api((c) => c.account.remove({ payload: { password } }))
      // The server cleared the session cookie with the answer.
      signedOut()
      navigate("/signin", { replace: true })
      showToast({ message: "Your account and all its data were deleted.", tone: "info" })
      return null
    })
  const wrongPassword = refuses(outcome, "password")
  return (
    <section className="card danger-zone" aria-labelledby="delete-h">
      <h2 id="delete-h">Delete account</h2>
      <p>
        This deletes your account and everything in it for good: tasks, tags, saved views, settings, activity, reminders
        and notifications. It can't be undone; download your data first if you want to keep it.
      </p>
      <form
        className="stacked-form"
        onSubmit={(e) => {
          e.preventDefault()
          void remove()
        }}
      >
        <CurrentPasswordField
          label="Your password"
          value={password}
          onChange={setPassword}
          invalid={wrongPassword}
          errorId={outcomeId}
        />
        <label className="check">
          <input type="checkbox" required checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
          I understand that my account and all my data will be deleted permanently
        </label>
        <OutcomeMessage outcome={outcome} id={outcomeId} />
        <div>
          <button type="submit" className="btn btn-danger-solid" disabled={busy}>
            {busy ? "Deleting…" : "Delete my account"}
          </button>
        </div>
      </form>
    </section>
  )
}
