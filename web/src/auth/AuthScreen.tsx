import { PASSWORD_LENGTH, TimeZone } from "@tickler/domain"
import { useState } from "react"
import { api, ApiError } from "../api/client.ts"
import { Link } from "../ui/Link.tsx"
import { AuthCard } from "./AuthCard.tsx"
import { browserZone, loadSession } from "./session.ts"

/** Sign in or create an account; the server sets an HttpOnly session cookie. */
export const AuthScreen = ({ mode }: { readonly mode: "signIn" | "signUp" }) => {
  const [email, setEmail] = useState("")
  const [password, setPassword] = useState("")
  const [name, setName] = useState("")
  const [error, setError] = useState<ApiError | undefined>()
  const [busy, setBusy] = useState(false)
  const signUp = mode === "signUp"

  const submit = async () => {
    setBusy(true)
    setError(undefined)
    try {
      if (signUp) {
        const timeZone = browserZone()
        await api((c) =>
          c.auth.signUp({
            payload: {
              email,
              password,
              timeZone: TimeZone.make(timeZone),
              ...(name.trim() ? { name: name.trim() } : {})
            }
          })
        )
      } else {
        await api((c) => c.auth.signIn({ payload: { email, password } }))
      }
      // Signed in on /signin or /signup: App moves on to Today; on any other path (a link from a mail) it opens.
      await loadSession()
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError("server", String(e)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <AuthCard
      title={signUp ? "Create your account" : "Welcome back"}
      lead={signUp ? "Capture tasks in seconds. Your data stays on your server." : "Sign in to your tasks."}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        {signUp ? (
          <label className="field">
            <span>Name (optional)</span>
            <input autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
        ) : null}
        <label className="field">
          <span>Email</span>
          <input type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            required
            minLength={signUp ? PASSWORD_LENGTH.min : undefined}
            autoComplete={signUp ? "new-password" : "current-password"}
            aria-describedby={signUp ? "password-hint" : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {signUp ? (
            <small id="password-hint" className="muted">
              At least {PASSWORD_LENGTH.min} characters.
            </small>
          ) : null}
        </label>
        {signUp ? null : (
          <p className="field-aside">
            <Link href="/forgot-password">Forgot password?</Link>
          </p>
        )}
        <p className="form-error" role="alert">
          {error?.message ?? ""}
        </p>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? "One moment…" : signUp ? "Create account" : "Sign in"}
        </button>
      </form>
      <p className="auth-switch">
        {signUp ? "Already have an account? " : "New to Tickler? "}
        <Link href={signUp ? "/signin" : "/signup"}>{signUp ? "Sign in" : "Create an account"}</Link>
      </p>
    </AuthCard>
  )
}
