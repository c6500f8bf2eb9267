import type { ReactNode } from "react"
import { Icon } from "../ui/Icon.tsx"

/** The centred card of the pages one sees signed out: sign-in, sign-up, and the pages mailed links open. */
export const AuthCard = ({
  title,
  lead,
  children
}: {
  readonly title: string
  readonly lead?: ReactNode
  readonly children: ReactNode
}) => (
  <main className="auth">
    <div className="auth-card">
      <div className="brand auth-brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="check" size={16} />
        </span>
        <span className="brand-name">Tickler</span>
      </div>
      <h1>{title}</h1>
      {lead === undefined ? null : <p className="muted">{lead}</p>}
      {children}
    </div>
  </main>
)
