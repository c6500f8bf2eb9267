import { useId, useState } from "react"
import { api } from "../api/client.ts"
import { Link } from "../ui/Link.tsx"
import { OutcomeMessage, refuses, useAction } from "../ui/outcome.tsx"
import { AuthCard } from "./AuthCard.tsx"
import { NewPasswordFields, noNewPassword } from "./NewPasswordFields.tsx"
import { loadSession } from "./session.ts"

/** The page a password-reset mail links to: a new password for the token's account. */
const ResetPasswordPage = ({ token }: { readonly token: string }) => {
  const [value, setValue] = useState(noNewPassword)
  const { busy, outcome, run } = useAction()
  const outcomeId = useId()
  const reset = () =>
    run(async () => {
      await api((c) => c.auth.resetPassword({ payload: { token, newPassword: value.password } }))
      // Every session of that account ended, this browser's too if it was signed in to it.
      await loadSession()
      return "Your password is changed, and every device was signed out. Sign in with the new password."
    })
  const done = outcome?.tone === "success"
  return (
    <AuthCard title="Choose a new password">
      {token === "" ? (
        <p role="alert">This link is incomplete. Open the link from the mail as it is, or ask for a new one.</p>
      ) : done ? null : (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void reset()
          }}
        >
          <NewPasswordFields
            value={value}
            onChange={setValue}
            invalid={refuses(outcome, "newPassword")}
            errorId={outcomeId}
          />
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? "One moment…" : "Set new password"}
          </button>
        </form>
      )}
      <OutcomeMessage outcome={outcome} id={outcomeId} />
      <p className="auth-switch">
        {done ? (
          <Link href="/signin">Sign in</Link>
        ) : (
          <>
            Link expired or used? <Link href="/forgot-password">Ask for a new one</Link>
          </>
        )}
      </p>
    </AuthCard>
  )
}

export default ResetPasswordPage
