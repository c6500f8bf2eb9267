import type { SessionInfo } from "@tickler/domain"
import { DateTime } from "effect"
import { api } from "../api/client.ts"
import { useApiValue } from "../api/useApiValue.ts"
import { useUserZone } from "../auth/session.ts"
import { formatAgo, formatInstant } from "../lib/format.ts"
import { OutcomeMessage, useAction } from "../ui/outcome.tsx"
import { describeUserAgent } from "./userAgent.ts"

const HOUR_MS = 60 * 60 * 1000

/** The server knows when a session was last used to within an hour: say no more than that. */
const lastActive = (session: SessionInfo, zone: string) =>
  session.current
    ? "Active now"
    : Date.now() - DateTime.toEpochMillis(session.lastSeenAt) < HOUR_MS
      ? "Active in the last hour"
      : `Last active ${formatAgo(session.lastSeenAt, zone)}`

const SessionItem = ({
  session,
  busy,
  onEnd
}: {
  readonly session: SessionInfo
  readonly busy: boolean
  readonly onEnd: () => void
}) => {
  const zone = useUserZone()
  const device = describeUserAgent(session.userAgent)
  return (
    <li className="session" data-testid="session">
      <div className="session-main">
        <p className="session-device" title={session.userAgent ?? undefined}>
          {device}
          {session.current ? <span className="badge badge-ok">This device</span> : null}
        </p>
        <p className="muted session-meta">
          {lastActive(session, zone)} · Signed in {formatInstant(session.createdAt, zone)}
          {session.ipAddress ? ` · ${session.ipAddress}` : ""}
        </p>
      </div>
      {session.current ? null : (
        <button
          type="button"
          className="btn btn-small"
          aria-label={`End session: ${device}`}
          disabled={busy}
          onClick={onEnd}
        >
          End session
        </button>
      )}
    </li>
  )
}

/** Every signed-in device or client of the account: end one, or every one but this. */
export const SessionsSection = () => {
  const sessions = useApiValue((c) => c.account.sessions())
  const { busy, outcome, run } = useAction()
  const end = (session: SessionInfo) =>
    run(async () => {
      await api((c) => c.account.endSession({ params: { id: session.id } }))
      sessions.reload()
      return `Signed out ${describeUserAgent(session.userAgent)}.`
    })
  const endOthers = () =>
    run(async () => {
      const { ended } = await api((c) => c.account.endOtherSessions())
      sessions.reload()
      return ended === 1 ? "Signed out 1 other session." : `Signed out ${ended} other sessions.`
    })
  const list = sessions.value
  return (
    <section className="card" aria-labelledby="sessions-h">
      <h2 id="sessions-h">Sessions</h2>
      <p className="muted">Where your account is signed in: browsers, and apps or scripts using a token.</p>
      {list === undefined ? (
        sessions.error === undefined ? (
          <p className="muted" aria-busy="true">
            Loading…
          </p>
        ) : (
          <p className="field-error" role="alert">
            Couldn't load your sessions: {sessions.error}
          </p>
        )
      ) : (
        <>
          <ul className="session-list">
            {list.map((session) => (
              <SessionItem key={session.id} session={session} busy={busy} onEnd={() => void end(session)} />
            ))}
          </ul>
          {list.some((session) => !session.current) ? (
            <button type="button" className="btn" disabled={busy} onClick={() => void endOthers()}>
              Sign out all other sessions
            </button>
          ) : null}
        </>
      )}
      <OutcomeMessage outcome={outcome} />
    </section>
  )
}
