import { useState } from "react"
import { notMailed } from "../account/mailDelivery.ts"
import { api } from "../api/client.ts"
import { Link } from "../ui/Link.tsx"
import { OutcomeMessage, useAction } from "../ui/outcome.tsx"
import { AuthCard } from "./AuthCard.tsx"

/** "Forgot password?": asks for a reset link. The answer never says whether the address has an account. */
export const ForgotPasswordScreen = () => {
  const [email, setEmail] = useState("")
  const { busy, outcome, run } = useAction()
  const request = () =>
    run(async () => {
      const address = email.trim()
      const { delivery } = await api((c) => c.auth.requestPasswordReset({ payload: { email: address } }))
      const note = notMailed(delivery)
      return note === undefined
        ? `If ${address} has a Tickler account, we mailed it a link to choose a new password. It works once, within 30 minutes.`
        : `If ${address} has a Tickler account: ${note}`
    })
  return (
    <AuthCard title="Reset your password" lead="We'll send a link to choose a new one to your email address.">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void request()
        }}
      >
        <label className="field">
          <span>Email</span>
          <input type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <OutcomeMessage outcome={outcome} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? "One moment…" : "Send reset link"}
        </button>
      </form>
      <p className="auth-switch">
        Remembered it? <Link href="/signin">Sign in</Link>
      </p>
    </AuthCard>
  )
}
