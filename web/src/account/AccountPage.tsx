import { useState } from "react"
import { DeleteAccountSection } from "./DeleteAccountSection.tsx"
import { EmailSection } from "./EmailSection.tsx"
import { PasswordSection } from "./PasswordSection.tsx"
import { SessionsSection } from "./SessionsSection.tsx"

/** Everything about the account itself: address, password, sessions, export, deletion. */
const AccountPage = () => {
  // A password change replaces every session: the list is read anew after one.
  const [passwordChanges, setPasswordChanges] = useState(0)
  return (
    <div className="page account">
      <h1>Account</h1>
      <EmailSection />
      <PasswordSection onChanged={() => setPasswordChanges((n) => n + 1)} />
      <SessionsSection key={passwordChanges} />
      <section className="card" aria-labelledby="export-h">
        <h2 id="export-h">Export your data</h2>
        <p className="muted">
          Everything Tickler keeps about you (tasks, tags, saved views, settings and activity) as one JSON file.
        </p>
        {/* A plain download: the session cookie goes along and the server names the file. */}
        <a className="btn" href="/api/account/export" download>
          Download my data
        </a>
      </section>
      <DeleteAccountSection />
    </div>
  )
}

export default AccountPage
