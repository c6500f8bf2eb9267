import { api, ApiError } from "../api/client.ts"
import { useApiValue } from "../api/useApiValue.ts"
import { OutcomeMessage, useAction } from "../ui/outcome.tsx"
import { notMailed } from "./mailDelivery.ts"

/** The address, whether it is verified, and a new verification link on request. */
export const EmailSection = () => {
  const account = useApiValue((c) => c.account.get())
  const { busy, outcome, run } = useAction()
  const sendLink = (address: string) =>
    run(async () => {
      try {
        const { delivery } = await api((c) => c.account.sendVerification())
        return notMailed(delivery) ?? `We mailed a new link to ${address}. It works once, within 24 hours.`
      } catch (error) {
        // Verified meanwhile (the link was followed in another tab): show it.
        if (error instanceof ApiError && error.kind === "conflict") account.reload()
        throw error
      }
    })
  const value = account.value
  return (
    <section className="card" aria-labelledby="email-h">
      <h2 id="email-h">Email</h2>
      {value === undefined ? (
        account.error === undefined ? (
          <p className="muted" aria-busy="true">
            Loading…
          </p>
        ) : (
          <p className="field-error" role="alert">
            Couldn't load your account: {account.error}
          </p>
        )
      ) : (
        <>
          <p className="email-line">
            <strong className="email-address">{value.email}</strong>
            <span className={`badge${value.emailVerified ? " badge-ok" : ""}`} data-testid="email-status">
              {value.emailVerified ? "Verified" : "Not verified"}
            </span>
          </p>
          {value.emailVerified ? (
            <p className="muted">Reminders can be mailed to this address: turn them on in Settings.</p>
          ) : (
            <>
              <p className="muted">
                Verify this address to get reminders by email: we mail you a link that works once, within 24 hours.
              </p>
              {value.mailDelivery === "none" ? (
                <p>{notMailed("none")}</p>
              ) : (
                <button type="button" className="btn" disabled={busy} onClick={() => void sendLink(value.email)}>
                  {busy ? "Sending…" : "Send verification link"}
                </button>
              )}
            </>
          )}
          <OutcomeMessage outcome={outcome} />
        </>
      )}
    </section>
  )
}
