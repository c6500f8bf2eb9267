import type { NotificationChannel } from "@tickler/domain"
import { useEffect, useState } from "react"
import { api } from "../api/client.ts"
import { session, setSettings } from "../auth/session.ts"
import {
  currentSubscription,
  deniedMessage,
  disablePush,
  enablePush,
  pushSupported,
  PushProblem,
  unsupportedMessage,
  vapidPublicKey
} from "../notifications/webPush.ts"
import { showToast } from "../ui/toasts.ts"

type PushState =
  | { readonly status: "checking" | "on" | "off" }
  | { readonly status: "working"; readonly subscribed: boolean }
  | { readonly status: "unavailable"; readonly message: string }
  | { readonly status: "problem"; readonly message: string; readonly subscribed: boolean }

/** Adds or removes the webPush channel in the user's settings (the server only pushes when it is on). */
const setWebPushChannel = async (on: boolean) => {
  const state = session.get()
  if (state.status !== "signedIn") return
  const channels = state.settings.channels.filter((c) => c !== "webPush")
  const next: ReadonlyArray<NotificationChannel> = on ? [...channels, "webPush"] : channels
  if (next.length === state.settings.channels.length && on === state.settings.channels.includes("webPush")) return
  setSettings(await api((c) => c.settings.update({ payload: { channels: next } })))
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** The Web Push opt-in for this browser: permission, subscription, and every way it can fail. */
export const WebPushSettings = () => {
  const [state, setState] = useState<PushState>({ status: "checking" })

  useEffect(() => {
    let live = true
    const check = async (): Promise<PushState> => {
      if (!pushSupported()) return { status: "unavailable", message: unsupportedMessage }
      try {
        await vapidPublicKey()
      } catch (error) {
        if (error instanceof PushProblem && error.kind === "unconfigured")
          return { status: "unavailable", message: error.message }
      }
      const subscribed = (await currentSubscription()) !== null
      if (Notification.permission === "denied") return { status: "problem", message: deniedMessage, subscribed }
      return { status: subscribed ? "on" : "off" }
    }
    check().then(
      (s) => live && setState(s),
      (error: unknown) => live && setState({ status: "problem", message: messageOf(error), subscribed: false })
    )
    return () => {
      live = false
    }
  }, [])

  const turnOn = async () => {
    setState({ status: "working", subscribed: false })
    try {
      await enablePush()
      await setWebPushChannel(true)
      setState({ status: "on" })
      showToast({ message: "Browser notifications are on", tone: "info" })
    } catch (error) {
      const unavailable =
        error instanceof PushProblem && (error.kind === "unsupported" || error.kind === "unconfigured")
      setState(
        unavailable
          ? { status: "unavailable", message: error.message }
          : { status: "problem", message: messageOf(error), subscribed: false }
      )
    }
  }

  const turnOff = async () => {
    setState({ status: "working", subscribed: true })
    try {
      await disablePush()
      // Other devices may still be subscribed: the channel stays on for them.
      setState({ status: "off" })
      showToast({ message: "Browser notifications are off in this browser", tone: "info" })
    } catch (error) {
      setState({ status: "problem", message: messageOf(error), subscribed: true })
    }
  }

  const subscribed =
    state.status === "on" || ((state.status === "problem" || state.status === "working") && state.subscribed)
  return (
    <section className="card" aria-labelledby="push-h">
      <h2 id="push-h">Browser notifications</h2>
      <p className="muted">
        Reminders pop up on this device through Web Push, even when Tickler isn't open. Each browser opts in separately.
      </p>
      <div className="push-status" aria-live="polite" aria-busy={state.status === "checking"}>
        {state.status === "checking" ? null : state.status === "unavailable" || state.status === "problem" ? (
          <p className="push-message" role="alert" data-testid="push-status">
            {state.message}
          </p>
        ) : (
          <p className="push-message" data-testid="push-status">
            {state.status === "working"
              ? "Working…"
              : state.status === "on"
                ? "On in this browser."
                : "Off in this browser."}
          </p>
        )}
        {state.status === "unavailable" || state.status === "checking" ? null : subscribed ? (
          <button type="button" className="btn" disabled={state.status === "working"} onClick={() => void turnOff()}>
            Turn off in this browser
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-primary"
            disabled={state.status === "working"}
            onClick={() => void turnOn()}
          >
            Turn on browser notifications
          </button>
        )}
      </div>
    </section>
  )
}
