import { Notification, NotificationPage } from "@tickler/api"
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react"
import { DateTime } from "effect"
import { afterEach, describe, expect, it, vi } from "vitest"

// The server, as the typed client's calls: each test decides what the endpoints answer.
const server = vi.hoisted(() => ({
  list: async (): Promise<unknown> => undefined,
  markRead: async (_id: string): Promise<unknown> => undefined,
  markAllRead: async (): Promise<unknown> => undefined
}))
vi.mock("../../src/api/client.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/api/client.ts")>()
  const client = {
    notifications: {
      list: () => server.list(),
      markRead: ({ params }: { params: { id: string } }) => server.markRead(params.id),
      markAllRead: () => server.markAllRead()
    }
  }
  return { ...original, api: (call: (c: typeof client) => Promise<unknown>) => call(client) }
})

const { NotificationBell } = await import("../../src/notifications/NotificationBell.tsx")
const { ApiError } = await import("../../src/api/client.ts")
const { toasts } = await import("../../src/ui/toasts.ts")

const now = DateTime.nowUnsafe()
const notification = (id: string, title: string, late: boolean) =>
  new Notification({
    id,
    taskId: `task-${id}`,
    reminderId: `reminder-${id}`,
    title: `Reminder: ${title}`,
    body: late ? "Late reminder. Due Tue, 3 Mar 2026, 09:00 (Europe/Berlin)" : "No due date.",
    late,
    fireAt: now,
    createdAt: now,
    readAt: null
  })

const deferred = () => {
  let reject!: (error: unknown) => void
  const promise = new Promise<never>((_, r) => (reject = r))
  return { promise, reject }
}

afterEach(cleanup)

describe("notification centre", () => {
  it("shows the unread count, the late marker, and rolls a failed mark read back", async () => {
    server.list = async () =>
      new NotificationPage({
        items: [notification("a", "Water plants", true), notification("b", "Call Bob", false)],
        nextCursor: null,
        unreadCount: 2
      })
    render(<NotificationBell />)
    const bell = await screen.findByRole("button", { name: "Notifications, 2 unread" })
    fireEvent.click(bell)
    const panel = await screen.findByRole("dialog", { name: "Notifications" })
    const late = within(panel).getAllByTestId("notification")[0]!
    expect(within(late).getByText("Late")).toBeTruthy()
    expect(within(late).getByRole("link").textContent).toBe("Unread: Water plants")

    const answer = deferred()
    server.markRead = () => answer.promise
    fireEvent.click(within(panel).getByRole("button", { name: "Mark “Water plants” read" }))
    // Optimistic: counted as read before the server answers…
    expect(bell.getAttribute("aria-label")).toBe("Notifications, 1 unread")
    expect(within(panel).queryByRole("button", { name: "Mark “Water plants” read" })).toBeNull()
    // …and unread again, with a message, when it refuses.
    await act(async () => answer.reject(new ApiError("network", "Can't reach the Tickler server.")))
    expect(bell.getAttribute("aria-label")).toBe("Notifications, 2 unread")
    expect(within(panel).getByRole("button", { name: "Mark “Water plants” read" })).toBeTruthy()
    expect(toasts.get().map((t) => t.message)).toContain("Can't reach the Tickler server.")
  })

  it("rolls a failed mark all read back", async () => {
    server.list = async () =>
      new NotificationPage({ items: [notification("c", "Pay rent", false)], nextCursor: null, unreadCount: 1 })
    render(<NotificationBell />)
    fireEvent.click(await screen.findByRole("button", { name: "Notifications, 1 unread" }))
    const panel = await screen.findByRole("dialog", { name: "Notifications" })
    await within(panel).findByText("Pay rent")
    const answer = deferred()
    server.markAllRead = () => answer.promise
    fireEvent.click(within(panel).getByRole("button", { name: "Mark all read" }))
    expect(screen.getByRole("button", { name: "Notifications" })).toBeTruthy()
    await act(async () => answer.reject(new ApiError("server", "Something went wrong on the server.")))
    expect(screen.getByRole("button", { name: "Notifications, 1 unread" })).toBeTruthy()
  })
})
