import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import type { Browser, BrowserContext, Page } from "./browser.ts"
import { desktop, expectAccessible, launch, newContext, phone, screenshot, signUp, uniqueEmail } from "./browser.ts"

/** Creates a task whose absolute reminder fires in `ms`, through the API the app uses (session cookie). */
const taskWithReminderIn = (page: Page, title: string, ms: number) =>
  page.evaluate(
    async ({ title, at }) => {
      const response = await fetch("/api/tasks", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title, reminders: [{ kind: "absolute", at }] })
      })
      if (response.status !== 201) throw new Error(`create task: ${response.status}`)
      return ((await response.json()) as { id: string }).id
    },
    { title, at: new Date(Date.now() + ms).toISOString() }
  )

const bellOf = (page: Page) => page.getByRole("button", { name: /^Notifications/ })

describe("Web Push in this browser", () => {
  let browser: Browser
  const baseUrl = inject("baseUrl")
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(() => browser?.close())

  it("the service worker registers at the root and shows a pushed reminder; its click opens the task", async () => {
    const context = await newContext(browser, baseUrl)
    await context.grantPermissions(["notifications"], { origin: baseUrl })
    const page = await context.newPage()
    await signUp(page, uniqueEmail("push"))
    const taskId = await page.evaluate(async () => {
      const response = await fetch("/api/tasks", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title: "Renew passport" })
      })
      return ((await response.json()) as { id: string }).id
    })
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(`${baseUrl}/`)

    // Chromium's DevTools protocol delivers a push message to the registration as its push service would.
    const cdp = await context.newCDPSession(page)
    const registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", (e) => registrations.push(...e.registrations))
    await cdp.send("ServiceWorker.enable")
    await expect.poll(() => registrations.some((r) => r.scopeURL === `${baseUrl}/` && !r.isDeleted)).toBe(true)
    const registration = registrations.find((r) => r.scopeURL === `${baseUrl}/` && !r.isDeleted)!
    // The payload exactly as packages/notifications sends it (NotificationsConsumer.sendPush).
    const payload = {
      type: "reminder",
      title: "Reminder: Renew passport",
      body: "Late reminder. Due Tue, 3 Mar 2026, 09:00 (Europe/Berlin)",
      taskId,
      reminderId: "0196a0c4-7d1e-7c4e-9a55-3f1f0c2b9d10",
      late: true,
      url: `/tasks/${taskId}`
    }
    await cdp.send("ServiceWorker.deliverPushMessage", {
      origin: baseUrl,
      registrationId: registration.registrationId,
      data: JSON.stringify(payload)
    })
    const shown = () =>
      page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
          title: n.title,
          body: n.body,
          tag: n.tag,
          data: n.data as unknown
        }))
      )
    await expect
      .poll(shown)
      .toEqual([
        { title: payload.title, body: payload.body, tag: payload.reminderId, data: { taskId, url: payload.url } }
      ])

    // Headless Chromium has no notification UI to click: run the worker's click handler on the notification's data.
    const worker = context.serviceWorkers().find((w) => w.url() === `${baseUrl}/sw.js`)
    expect(worker).toBeDefined()
    await page.goto("/settings")
    await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor()
    const reached = await worker!.evaluate(
      async (data) => {
        const sw = self as unknown as { tickler: { openTask: (data: unknown) => Promise<{ url?: string } | null> } }
        return (await sw.tickler.openTask(data))?.url
      },
      (await shown())[0]!.data
    )
    expect(reached).toBe(`${baseUrl}/settings`)
    const panel = page.getByRole("complementary", { name: "Task" })
    await expect.poll(() => panel.getByLabel("Title").inputValue()).toBe("Renew passport")
    expect(new URL(page.url()).searchParams.get("task")).toBe(taskId)
    await context.close()
  })

  it("the settings page says why browser notifications can't be turned on", async () => {
    // Notifications blocked for the site (set over CDP: Playwright can only grant): no subscription is attempted.
    const blocked = await newContext(browser, baseUrl)
    const page = await blocked.newPage()
    const { targetInfo } = await (await blocked.newCDPSession(page)).send("Target.getTargetInfo")
    await (
      await browser.newBrowserCDPSession()
    ).send("Browser.setPermission", {
      permission: { name: "notifications" },
      setting: "denied",
      origin: baseUrl,
      ...(targetInfo.browserContextId === undefined ? {} : { browserContextId: targetInfo.browserContextId })
    })
    await signUp(page, uniqueEmail("push-blocked"))
    await page.goto("/settings")
    await page.getByRole("button", { name: "Turn on browser notifications" }).click()
    const status = page.getByTestId("push-status")
    await expect.poll(() => status.innerText()).toMatch(/blocked for this site/)
    await expectAccessible(page, "settings push blocked")
    await blocked.close()

    // Allowed, but this browser's push service is unreachable (Chromium's is Google's; incognito
    // contexts refuse at once): the user is told, and the setting stays off.
    const allowed = await newContext(browser, baseUrl)
    await allowed.grantPermissions(["notifications"], { origin: baseUrl })
    const page2 = await allowed.newPage()
    await signUp(page2, uniqueEmail("push-allowed"))
    await page2.goto("/settings")
    await page2.getByTestId("push-status").getByText("Off in this browser.").waitFor()
    await page2.getByRole("button", { name: "Turn on browser notifications" }).click()
    await expect
      .poll(() => page2.getByTestId("push-status").innerText(), { timeout: 30_000 })
      .toMatch(/couldn't subscribe to its push service/)
    expect(await page2.getByRole("button", { name: "Turn on browser notifications" }).isEnabled()).toBe(true)
    await allowed.close()
  })
})

describe.each([
  { name: "desktop-light", viewport: desktop, dark: false },
  { name: "desktop-dark", viewport: desktop, dark: true },
  { name: "375-light", viewport: phone, dark: false },
  { name: "375-dark", viewport: phone, dark: true }
])("the notification panel at $name", ({ name, viewport, dark }) => {
  let browser: Browser
  let context: BrowserContext
  const baseUrl = inject("baseUrl")
  beforeAll(async () => {
    browser = await launch()
    context = await newContext(browser, baseUrl, { viewport, dark })
  })
  afterAll(() => browser?.close())

  it("lists live reminders, is accessible, fits, and marks all read", async () => {
    const page = await context.newPage()
    await signUp(page, uniqueEmail(`bell-${name}`))
    const bell = bellOf(page)
    await bell.click()
    const panel = page.getByRole("dialog", { name: "Notifications" })
    await panel.getByText("No notifications yet").waitFor()
    await page.keyboard.press("Escape")

    await taskWithReminderIn(page, "Call the plumber about the leaking kitchen tap", 1500)
    await taskWithReminderIn(page, "Pay the electricity bill", 2500)
    await expect.poll(() => bell.getAttribute("aria-label"), { timeout: 15_000 }).toBe("Notifications, 2 unread")
    await bell.click()
    await expect.poll(() => panel.getByTestId("notification").count()).toBe(2)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
    await expectAccessible(page, `notification panel ${name}`)
    await screenshot(page, `notifications-${name}`)

    // Optimistic: the count drops at once and stays dropped (the server agreed).
    await panel.getByRole("button", { name: "Mark all read" }).click()
    await expect.poll(() => bell.getAttribute("aria-label")).toBe("Notifications")
    expect(await panel.getByRole("button", { name: "Mark all read" }).isDisabled()).toBe(true)
    await page.reload()
    await expect.poll(() => bell.getAttribute("aria-label")).toBe("Notifications")
  })
})
