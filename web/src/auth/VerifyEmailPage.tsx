import { api } from "../api/client.ts"
import { Link } from "../ui/Link.tsx"
import { OutcomeMessage, useAction } from "../ui/outcome.tsx"
import { AuthCard } from "./AuthCard.tsx"
import { setUser } from "./session.ts"

/**
 * The page a verification mail links to. It spends the token on a click, not on load: a mail scanner
 * that opens links (some run their scripts) must not confirm an address for whoever signed up with it.
 */
const VerifyEmailPage = ({ token }: { readonly token: string }) => {
  const { busy, outcome, run } = useAction()
  const verify = () =>
    run(async () => {
      const user = await api((c) => c.auth.verifyEmail({ payload: { token } }))
      setUser(user)
      return `${user.email} is verified. You can now get reminders by email.`
    })
  return (
    <AuthCard title="Verify your email address" lead="Confirm that this address is yours, so Tickler may email you.">
      {token === "" ? (
        <p role="alert">This link is incomplete. Open the link from the mail as it is, or ask for a new one.</p>
      ) : outcome?.tone === "success" ? null : (
        <button type="button" className="btn btn-primary btn-block" disabled={busy} onClick={() => void verify()}>
          {busy ? "One moment…" : "Verify my email address"}
        </button>
      )}
      <OutcomeMessage outcome={outcome} />
      <p className="auth-switch">
        {outcome?.tone === "success" ? (
          <Link href="/account">Continue to Tickler</Link>
        ) : (
          <>
            A new link can be sent from your <Link href="/account">Account page</Link>.
          </>
        )}
      </p>
    </AuthCard>
  )
}

export default VerifyEmailPage
