import { Accounts } from "@tickler/accounts"
import { ProcessHealth } from "@tickler/platform"
import { LiveFeed } from "@tickler/realtime"
import { Effect, Option, Stream } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"

const HEARTBEAT = "15 seconds"
const encoder = new TextEncoder()

/** The resume point: the browser's `Last-Event-ID` on reconnect, or `?lastEventId=` on a fresh page. */
const resumeFrom = (request: HttpServerRequest.HttpServerRequest): number | undefined => {
  const fromQuery = Option.getOrUndefined(HttpServerRequest.toURL(request))?.searchParams.get("lastEventId")
  const raw = request.headers["last-event-id"] ?? fromQuery ?? undefined
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined
}

/**
 * `GET /api/events`: Server-Sent Events with every change to the signed-in user's tasks and new
 * notifications, as they happen. Each event's id is its sequence number, so a reconnecting client
 * (EventSource does it by itself) receives what it missed. The stream ends when its session does:
 * at once after a sign-out through this process, within one heartbeat after one elsewhere.
 */
export const LiveEventsRoute = HttpRouter.add(
  "GET",
  "/api/events",
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const accounts = yield* Accounts
    const feed = yield* LiveFeed
    const health = yield* ProcessHealth
    const headers = new Headers(request.headers as Record<string, string>)
    const user = yield* accounts.authenticate(headers)
    if (Option.isNone(user)) {
      return HttpServerResponse.jsonUnsafe(
        { type: "about:blank", title: "Unauthorized", status: 401, detail: "sign in first" },
        { status: 401, contentType: "application/problem+json" }
      )
    }
    const events = feed
      .stream(user.value.id, resumeFrom(request))
      .pipe(
        Stream.map((event) => `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event.envelope)}\n\n`)
      )
    const heartbeat = Stream.tick(HEARTBEAT).pipe(Stream.map(() => ": keep-alive\n\n"))
    // Ends when the session does (a revoked session stops reading), and when the process starts
    // draining, so shutdown is not held up (the browser reconnects elsewhere).
    const ended = Effect.raceFirst(health.draining, accounts.sessionEnded(headers, HEARTBEAT))
    const body = Stream.concat(Stream.make("retry: 1000\n: connected\n\n"), Stream.merge(events, heartbeat)).pipe(
      Stream.interruptWhen(ended),
      Stream.map((text) => encoder.encode(text))
    )
    return HttpServerResponse.stream(body, {
      contentType: "text/event-stream",
      headers: { "cache-control": "no-cache", "x-accel-buffering": "no" }
    })
  })
)
