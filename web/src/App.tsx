import { useEffect } from "react"
import { AuthScreen } from "./auth/AuthScreen.tsx"
import { loadSession, session } from "./auth/session.ts"
import { Shell } from "./layout/Shell.tsx"
import { navigate, useLocation } from "./lib/router.ts"
import { Toaster } from "./ui/Toaster.tsx"

export const App = () => {
  const state = session.use((s) => s)
  const { pathname } = useLocation()
  useEffect(() => void loadSession(), [])
  const onAuthPage = pathname === "/signin" || pathname === "/signup"
  useEffect(() => {
    if (state.status === "signedIn" && onAuthPage) navigate("/today", { replace: true })
  }, [state.status, onAuthPage])

  return (
    <>
      {state.status === "loading" ? (
        <div className="boot" aria-busy="true" aria-label="Loading Tickler" />
      ) : state.status === "error" ? (
        <main className="auth">
          <div className="auth-card" role="alert">
            <h1>Tickler can't start</h1>
            <p>{state.message}</p>
            <button type="button" className="btn btn-primary" onClick={() => void loadSession()}>
              Try again
            </button>
          </div>
        </main>
      ) : state.status === "signedOut" ? (
        <AuthScreen key={pathname} mode={pathname === "/signup" ? "signUp" : "signIn"} />
      ) : (
        <Shell />
      )}
      <Toaster />
    </>
  )
}
