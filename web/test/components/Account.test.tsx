import { Account, MailSent, SessionInfo, SessionsEnded } from "@tickler/domain"
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react"
import { DateTime } from "effect"
import { afterEach, describe, expect, it, vi } from "vitest"

// The server, as the typed client's calls: each test decides what the endpoints answer.
const server = vi.hoisted(() => ({
  account: async (): Promise<unknown> => undefined,
  sendVerification: async (): Promise<unknown> => undefined,
  sessions: async (): Promise<unknown> => [],
  ended: [] as Array<string>,
  endOthers: async (): Promise<unknown> => undefined
}))
vi.mock("../../src/api/client.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/api/client.ts")>()
  const client = {
    account: {
      get: () => server.account(),
      sendVerification: () => server.sendVerification(),
      sessions: () => server.sessions(),
      endSession: async ({ params }: { params: { id: string } }) => void server.ended.push(params.id),
      endOtherSessions: () => server.endOthers()
    }
  }
  return { ...original, api: (call: (c: typeof client) => Promise<unknown>) => call(client) }
})

const { EmailSection } = await import("../../src/account/EmailSection.tsx")
const { SessionsSection } = await import("../../src/account/SessionsSection.tsx")
const { describeUserAgent } = await import("../../src/account/userAgent.ts")
const { ApiError } = await import("../../src/api/client.ts")

const now = DateTime.nowUnsafe()
const account = (mailDelivery: Account["mailDelivery"]) =>
  new Account({ id: "u1", email: "ada@example.com", name: "", emailVerified: false, createdAt: now, mailDelivery })
const session = (id: string, userAgent: string | null, current: boolean) =>
  new SessionInfo({ id, userAgent, ipAddress: null, createdAt: now, lastSeenAt: now, expiresAt: now, current })

afterEach(cleanup)

describe("the Email section", () => {
  it("on a server without SMTP, says the link is in the server's console, and takes focus to say it", async () => {
    server.account = async () => account("console")
    server.sendVerification = async () => new MailSent({ delivery: "console" })
    render(<EmailSection />)
    expect((await screen.findByTestId("email-status")).textContent).toBe("Not verified")
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Send verification link" })))
    const status = screen.getByRole("status")
    expect(status.textContent).toMatch(/printed in the server's console/)
    expect(document.activeElement).toBe(status)
  })

  it("shows the hourly cap's answer (429) as an alert", async () => {
    server.account = async () => account("email")
    server.sendVerification = () =>
      Promise.reject(new ApiError("rateLimited", "at most 5 account mails an hour; try again in 12 minutes"))
    render(<EmailSection />)
    const send = await screen.findByRole("button", { name: "Send verification link" })
    await act(async () => fireEvent.click(send))
    const alert = screen.getByRole("alert")
    expect(alert.textContent).toBe("at most 5 account mails an hour; try again in 12 minutes")
    expect(document.activeElement).toBe(alert)
  })

  it("offers no link a server without any mail could not send", async () => {
    server.account = async () => account("none")
    render(<EmailSection />)
    expect(await screen.findByText(/can't send links/)).toBeTruthy()
    expect(screen.queryByRole("button", { name: "Send verification link" })).toBeNull()
  })
})

describe("the Sessions section", () => {
  it("marks this device, and ends another by its id", async () => {
    server.ended = []
    const firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
    server.sessions = async () => [session("s-mine", null, true), session("s-other", firefox, false)]
    render(<SessionsSection />)
    const items = await screen.findAllByTestId("session")
    expect(items[0]!.textContent).toMatch(/^Unknown deviceThis deviceActive now/)
    expect(items[0]!.querySelector("button")).toBeNull()
    server.sessions = async () => [session("s-mine", null, true)]
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "End session: Firefox on Windows" })))
    expect(server.ended).toEqual(["s-other"])
    expect(screen.getByRole("status").textContent).toBe("Signed out Firefox on Windows.")
    expect(screen.getAllByTestId("session")).toHaveLength(1)
    expect(screen.queryByRole("button", { name: "Sign out all other sessions" })).toBeNull()
  })

  it("ends every other session at once", async () => {
    server.sessions = async () => [session("a", null, true), session("b", "curl/8.5.0", false)]
    server.endOthers = async () => new SessionsEnded({ ended: 1 })
    render(<SessionsSection />)
    const endOthers = await screen.findByRole("button", { name: "Sign out all other sessions" })
    await act(async () => fireEvent.click(endOthers))
    expect(screen.getByRole("status").textContent).toBe("Signed out 1 other session.")
  })
})

describe("a session's device", () => {
  it.each([
    [null, "Unknown device"],
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/141.0.0.0 Safari/537.36",
      "Chrome on Linux"
    ],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
      "Safari on macOS"
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
      "Safari on iOS"
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      "Edge on Windows"
    ],
    [
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
      "Chrome on Android"
    ],
    ["curl/8.5.0", "curl/8.5.0"]
  ])("%s is %s", (userAgent, expected) => expect(describeUserAgent(userAgent)).toBe(expected))
})
