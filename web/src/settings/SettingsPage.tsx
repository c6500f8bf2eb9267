import type { NotificationChannel } from "@tickler/domain"
import { TimeZone } from "@tickler/domain"
import { useId, useState } from "react"
import { api, ApiError } from "../api/client.ts"
import { session, setSettings, signOut } from "../auth/session.ts"
import { TimeZonePicker } from "../detail/TimeZonePicker.tsx"
import { Link } from "../ui/Link.tsx"
import { type Outcome, OutcomeMessage } from "../ui/outcome.tsx"
import { showError, showToast } from "../ui/toasts.ts"
import { WebPushSettings } from "./WebPushSettings.tsx"
import { applyTheme, theme, type ThemeChoice } from "../ui/theme.ts"

// Web Push is opted into per browser, in its own section (permission + subscription).
const channelNames: Partial<Record<NotificationChannel, string>> = {
  inApp: "In the app",
  email: "Email"
}

const SettingsPage = () => {
  const state = session.use((s) => s)
  const choice = theme.use((t) => t)
  if (state.status !== "signedIn") return null
  const { settings, user } = state
  return (
    <div className="page settings">
      <h1>Settings</h1>
      <SettingsForm key={JSON.stringify(settings)} initial={settings} emailVerified={user.emailVerified} />
      <WebPushSettings />
      <section className="card" aria-labelledby="theme-h">
        <h2 id="theme-h">Appearance</h2>
        <div className="segmented" role="radiogroup" aria-labelledby="theme-h">
          {(["system", "light", "dark"] as Array<ThemeChoice>).map((t) => (
            <label key={t} className={`segment${choice === t ? " is-on" : ""}`}>
              <input type="radio" name="theme" checked={choice === t} onChange={() => applyTheme(t)} />
              {t === "system" ? "Match system" : t === "light" ? "Light" : "Dark"}
            </label>
          ))}
        </div>
      </section>
      <section className="card" aria-labelledby="account-h">
        <h2 id="account-h">Account</h2>
        <p>
          Signed in as <strong>{user.email}</strong>
        </p>
        <div className="button-row">
          <Link href="/account" className="btn">
            Manage account
          </Link>
          <button type="button" className="btn" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </section>
    </div>
  )
}

const SettingsForm = ({
  initial,
  emailVerified
}: {
  readonly initial: typeof import("@tickler/domain").UserSettings.Type
  readonly emailVerified: boolean
}) => {
  const [zone, setZone] = useState<string>(initial.timeZone)
  const [channels, setChannels] = useState<ReadonlyArray<NotificationChannel>>(initial.channels)
  const [quiet, setQuiet] = useState(initial.quietHours !== null)
  const [start, setStart] = useState(initial.quietHours?.start ?? "22:00")
  const [end, setEnd] = useState(initial.quietHours?.end ?? "07:00")
  const [saving, setSaving] = useState(false)
  // The server refuses the email channel until the address is verified: said by the checkboxes.
  const [channelsRefused, setChannelsRefused] = useState<Outcome>()
  const emailHintId = useId()

  const save = async () => {
    setSaving(true)
    try {
      const updated = await api((c) =>
        c.settings.update({
          payload: { timeZone: TimeZone.make(zone), channels, quietHours: quiet ? { start, end } : null }
        })
      )
      setSettings(updated)
      showToast({ message: "Settings saved", tone: "info" })
    } catch (error) {
      if (error instanceof ApiError && error.field === "channels")
        setChannelsRefused({
          tone: "error",
          message: (
            <>
              {error.message}. <Link href="/account">Go to your Account page</Link>.
            </>
          )
        })
      else showError(error)
    } finally {
      setSaving(false)
    }
  }

  return (
    <form
      className="card"
      aria-labelledby="prefs-h"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <h2 id="prefs-h">Time and notifications</h2>
      <TimeZonePicker label="Your time zone" value={zone} onChange={setZone} />
      <p className="muted">“Today”, all-day dates and new timed tasks use this zone.</p>
      <fieldset>
        <legend>Remind me</legend>
        {(Object.keys(channelNames) as Array<NotificationChannel>).map((channel) => (
          <label key={channel} className="check">
            <input
              type="checkbox"
              checked={channels.includes(channel)}
              aria-describedby={channel === "email" && !emailVerified ? emailHintId : undefined}
              onChange={(e) => {
                setChannelsRefused(undefined)
                setChannels(e.target.checked ? [...channels, channel] : channels.filter((c) => c !== channel))
              }}
            />
            {channelNames[channel]}
          </label>
        ))}
        {emailVerified ? null : (
          <p id={emailHintId} className="muted">
            Email needs a verified address: <Link href="/account">verify it on your Account page</Link>.
          </p>
        )}
        <OutcomeMessage outcome={channelsRefused} />
        <p className="muted">Browser notifications: see below.</p>
      </fieldset>
      <fieldset>
        <legend>Quiet hours</legend>
        <label className="check">
          <input type="checkbox" checked={quiet} onChange={(e) => setQuiet(e.target.checked)} />
          Hold notifications during quiet hours
        </label>
        {quiet ? (
          <div className="inline-fields">
            <label className="field">
              <span>From</span>
              <input type="time" value={start} required onChange={(e) => setStart(e.target.value)} />
            </label>
            <label className="field">
              <span>To</span>
              <input type="time" value={end} required onChange={(e) => setEnd(e.target.value)} />
            </label>
          </div>
        ) : null}
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={saving}>
        {saving ? "Saving…" : "Save settings"}
      </button>
    </form>
  )
}

export default SettingsPage
