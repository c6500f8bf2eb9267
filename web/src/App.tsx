import type { ElementType } from "react"
import { lazy, Suspense, useEffect } from "react"
import { AuthScreen } from "./auth/AuthScreen.tsx"
import { ForgotPasswordScreen } from "./auth/ForgotPasswordScreen.tsx"
import { loadSession, session } from "./auth/session.ts"
import { Shell } from "./layout/Shell.tsx"
import { navigate, useLocation } from "./lib/router.ts"
import { Toaster } from "./ui/Toaster.tsx"

// The pages links in account mails open (see docs/api.md): signed in or not, loaded when opened.
const linkPages = new Map<string, ElementType<{ readonly token: string }>>([
  ["/verify-email", lazy(() => import("./auth/VerifyEmailPage.tsx"))],
  ["/reset-password", lazy(() => import("./auth/ResetPasswordPage.tsx"))]
])

const authPages = new Set(["/signin", "/signup", "/forgot-password"])

export const App = () => {
  const state = session.use((s) => s)
  const { pathname, searchParams } = useLocation()
  useEffect(() => void loadSession(), [])
  const onAuthPage = authPages.has(pathname)
  useEffect(() => {
    if (state.status === "signedIn" && onAuthPage) navigate("/today", { replace: true })
  }, [state.status, onAuthPage])
  const LinkPage = linkPages.get(pathname)

  return (
    <>
      {LinkPage ? (
        <Suspense fallback={<div className="boot" aria-busy="true" />}>
          <LinkPage token={searchParams.get("token") ?? ""} />
        </Suspense>
      ) : state.status === "loading" ? (
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
        pathname === "/forgot-password" ? (
          <ForgotPasswordScreen />
        ) : (
          <AuthScreen key={pathname} mode={pathname === "/signup" ? "signUp" : "signIn"} />
        )
      ) : (
        <Shell />
      )}
      <Toaster />
    </>
  )
}
