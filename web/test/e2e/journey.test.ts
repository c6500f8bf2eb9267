import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import type { Browser, Page } from "./browser.ts"
import { expectAccessible, launch, newContext, quickAdd, screenshot, shortcut, signUp, uniqueEmail } from "./browser.ts"

const rowFor = (page: Page, title: string) =>
  page.locator(".task-row", { has: page.getByRole("button", { name: title, exact: true }) })

describe("a user's day with Tickler", { concurrent: false }, () => {
  let browser: Browser
  let page: Page
  const baseUrl = inject("baseUrl")

  beforeAll(async () => {
    browser = await launch()
    const context = await newContext(browser, baseUrl)
    page = await context.newPage()
  })
  afterAll(() => browser?.close())

  it("signs up and lands on an empty Today", async () => {
    await page.goto("/")
    await page.getByRole("heading", { name: "Welcome back" }).waitFor()
    await expectAccessible(page, "sign in")
    await signUp(page, uniqueEmail("ada"))
    await page.getByText("Nothing due today").waitFor()
  })

  it("quick add shows what it understood as chips before saving", async () => {
    await shortcut(page, "q")
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("quick-add")
    await page.keyboard.type("Water plants every day #garden !high remind 30m before")
    const preview = page.getByTestId("quick-add-preview")
    await preview.getByText("Every day").waitFor()
    await preview.getByText("#garden").waitFor()
    await preview.getByText("High priority").waitFor()
    await preview.getByText("Remind 30 min before").waitFor()
    expect(await preview.locator(".qa-title").innerText()).toContain("Water plants")
    await screenshot(page, "quick-add-preview-desktop-light")
    await page.keyboard.press("Enter")
    const row = rowFor(page, "Water plants")
    await row.waitFor()
    expect(await row.innerText()).toMatch(/Today[\s\S]*every day[\s\S]*High[\s\S]*#garden/)
  })

  it("keeps other tasks out of Today, and filters and searches All tasks", async () => {
    await quickAdd(page, "Call Bob about the garden tomorrow 5pm p1")
    await quickAdd(page, "Buy seeds #garden")
    // Neither is due today: once the list re-reads they are not in Today.
    await expect.poll(() => page.locator(".task-row").count()).toBe(1)
    await screenshot(page, "today-desktop-light")

    await shortcut(page, "g", "a")
    await page.getByRole("heading", { level: 1, name: "All tasks" }).waitFor()
    await rowFor(page, "Buy seeds").waitFor()
    await page.getByRole("button", { name: "Filter" }).click()
    await page.getByRole("checkbox", { name: "High", exact: true }).check()
    await expect.poll(() => page.locator(".task-row .task-title").allInnerTexts()).toEqual(["Water plants"])
    await screenshot(page, "filter-desktop-light")
    await page.getByRole("button", { name: "Clear filters" }).click()
    await expect.poll(() => page.locator(".task-row").count()).toBe(3)
    await page.getByRole("button", { name: /^Filter/ }).click()

    await shortcut(page, "/")
    await page.keyboard.type("plant")
    await page.getByRole("heading", { level: 1, name: "Search: “plant”" }).waitFor()
    await expect.poll(() => page.locator(".task-row .task-title").allInnerTexts()).toEqual(["Water plants"])
    expect(await page.locator(".task-row mark").first().innerText()).toBe("plants")
    await screenshot(page, "search-desktop-light")
    await page.keyboard.press("Escape")
    await expect.poll(() => page.locator(".task-row").count()).toBe(3)
  })

  it("edits every part of a task in the detail panel", async () => {
    await rowFor(page, "Water plants").getByRole("button", { name: "Water plants" }).click()
    const panel = page.getByRole("complementary", { name: "Task" })
    await panel.waitFor()
    await panel.getByTestId("recurrence-words").getByText("Every day").waitFor()
    await expect.poll(() => panel.getByTestId("next-dates").locator("li").count()).toBe(5)

    // Recurrence: custom every 2 weeks on Monday and Thursday.
    await panel.getByLabel("How often").selectOption("custom")
    await panel.getByLabel("Every", { exact: true }).fill("2")
    await panel.getByLabel("Unit").first().selectOption("WEEKLY")
    await panel.getByRole("button", { name: "Mon", exact: true }).click()
    await panel.getByRole("button", { name: "Thu", exact: true }).click()
    await panel
      .getByTestId("recurrence-words")
      .getByText(/Every 2 weeks on .*Monday/)
      .waitFor()
    await expect.poll(() => panel.getByTestId("next-dates").locator("li").count()).toBe(5)

    await panel.getByRole("radio", { name: "Urgent" }).check()
    await panel.getByRole("button", { name: "Add", exact: true }).click()
    // Markdown renders; what could run script does not (DOMPurify in the real browser).
    await panel
      .getByLabel("Description (Markdown)")
      .fill(
        [
          "Use **rain water** <img src=x onerror=alert(1)>",
          "<script>alert(2)</script> [click](javascript:alert(3)) <a href='javascript:alert(4)'>me</a>",
          "<iframe src='https://evil.test'></iframe> <svg><animate onbegin='alert(5)' attributeName='x'/></svg>",
          "<div onclick='alert(6)'>clickable</div>"
        ].join("\n")
      )
    await panel.getByRole("button", { name: "Save", exact: true }).click()
    await panel.locator(".markdown strong").getByText("rain water").waitFor()
    const rendered = await panel.locator(".markdown").innerHTML()
    // marked leaves a javascript: link as text; no attribute may carry one.
    expect(rendered).not.toMatch(/<script|<iframe|\son[a-z]+=|(href|src)=["']?javascript:/i)

    await panel.getByPlaceholder("Add a tag").fill("outside")
    await panel.getByRole("button", { name: "Add tag" }).click()
    await panel.getByLabel("Amount").fill("2")
    await panel.getByLabel("Unit").last().selectOption("hours")
    await panel.getByRole("button", { name: "Add reminder" }).click()
    await panel.getByText("2 hours before").waitFor()
    await screenshot(page, "detail-desktop-light")

    const row = rowFor(page, "Water plants")
    await expect.poll(() => row.innerText()).toMatch(/every 2 weeks[\s\S]*Urgent[\s\S]*#garden[\s\S]*#outside/)
    await expectAccessible(page, "task detail")
    // The edits are on the server: a reload shows them.
    await page.reload()
    await rowFor(page, "Water plants").getByText("Urgent").waitFor()
    const reloaded = page.getByRole("complementary", { name: "Task" })
    await reloaded.getByText("2 hours before").waitFor()
    // The activity log (written from the task's events) shows the history.
    await reloaded.getByTestId("activity").getByText("Created").waitFor()
    await reloaded
      .getByTestId("activity")
      .getByText(/Changed .*priority/)
      .waitFor()
    await page.getByRole("button", { name: "Close details" }).click()
  })

  it("completes the recurring task and the next instance appears without a reload", async () => {
    const completed = await rowFor(page, "Water plants").getAttribute("data-task-id")
    await page.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true))
    await rowFor(page, "Water plants").getByRole("checkbox", { name: "Complete “Water plants”" }).click()
    await page.getByText("Completed “Water plants”").waitFor()
    // The recurrence service makes the next occurrence; the live feed brings it into this list.
    const next = page.locator(`.task-row:not([data-task-id="${completed}"])`, {
      has: page.getByRole("button", { name: "Water plants", exact: true })
    })
    await next.waitFor({ timeout: 10_000 })
    expect(await next.innerText()).toMatch(/every 2 weeks/)
    expect(await next.getByRole("checkbox").isChecked()).toBe(false)
    expect(await page.evaluate(() => (window as unknown as { beforeReload?: boolean }).beforeReload)).toBe(true)
    await page.getByRole("link", { name: "Completed" }).click()
    await rowFor(page, "Water plants").waitFor()
    expect(await rowFor(page, "Water plants").getByRole("checkbox").isChecked()).toBe(true)
    await expectAccessible(page, "completed")
  })

  it("the reminder notification arrives live in the bell and the panel, and is marked read", async () => {
    const bell = page.getByRole("button", { name: /^Notifications/ })
    expect(await bell.getAttribute("aria-label")).toBe("Notifications")
    // Quick add has minute-precision reminders; a reminder 3 s away is set through the same API the app uses.
    const at = new Date(Date.now() + 3000).toISOString()
    const status = await page.evaluate(
      async (reminderAt) =>
        (
          await fetch("/api/tasks", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ title: "Take the bins out", reminders: [{ kind: "absolute", at: reminderAt }] })
          })
        ).status,
      at
    )
    expect(status).toBe(201)
    // Live: no reload, the badge and the label count it within a few seconds of firing.
    await expect.poll(() => bell.getAttribute("aria-label"), { timeout: 15_000 }).toBe("Notifications, 1 unread")
    expect(await page.getByTestId("unread-count").innerText()).toBe("1")
    await page.getByText("Reminder: Take the bins out").first().waitFor()

    await bell.click()
    const panel = page.getByRole("dialog", { name: "Notifications" })
    await panel.waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("notifications-h")
    const entry = panel.getByTestId("notification").filter({ hasText: "Take the bins out" })
    await entry.waitFor()
    expect(await entry.innerText()).toMatch(/just now|sec|min/)
    await expectAccessible(page, "notification panel")
    await screenshot(page, "notifications-journey-desktop-light")

    await entry.getByRole("button", { name: "Mark “Take the bins out” read" }).click()
    await expect.poll(() => bell.getAttribute("aria-label")).toBe("Notifications")
    expect(await entry.getByRole("button", { name: /^Mark/ }).count()).toBe(0)
    // It is read on the server too.
    await page.keyboard.press("Escape")
    await panel.waitFor({ state: "detached" })
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Notifications")
    await page.reload()
    await page.getByRole("heading", { level: 1 }).first().waitFor()
    await expect.poll(() => bell.getAttribute("aria-label")).toBe("Notifications")

    // The link opens the task.
    await bell.click()
    await panel.getByRole("link", { name: "Take the bins out" }).click()
    await page.getByRole("complementary", { name: "Task" }).getByLabel("Title").waitFor()
    expect(await page.getByRole("complementary", { name: "Task" }).getByLabel("Title").inputValue()).toBe(
      "Take the bins out"
    )
    await page.getByRole("button", { name: "Close details" }).click()
  })

  it("deletes with undo, and keeps the session across a reload", async () => {
    await page.getByRole("link", { name: "All tasks" }).click()
    await rowFor(page, "Buy seeds").getByRole("button", { name: "Buy seeds" }).focus()
    await page.keyboard.press("#")
    await rowFor(page, "Buy seeds").waitFor({ state: "detached" })
    await page.locator(".toast", { hasText: "Deleted “Buy seeds”" }).getByRole("button", { name: "Undo" }).click()
    await rowFor(page, "Buy seeds").waitFor()
    await page.reload()
    await page.getByRole("heading", { level: 1, name: "All tasks" }).waitFor()
    await rowFor(page, "Buy seeds").waitFor()
  })

  it("shows the keyboard shortcuts with ?", async () => {
    await shortcut(page, "?")
    const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" })
    await dialog.getByText("Quick add a task").waitFor()
    await expectAccessible(page, "shortcuts")
    await page.keyboard.press("Escape")
    await dialog.waitFor({ state: "hidden" })
  })

  it("saves settings: time zone, channels and quiet hours", async () => {
    await page.goto("/settings")
    await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor()
    await page.getByLabel("Your time zone").fill("America/New_York")
    await page.getByLabel("Your time zone").press("Enter")
    // Email waits for a verified address (verifying is account.test.ts's): the page says so up front.
    await page.getByText("Email needs a verified address").waitFor()
    // Web Push has its own opt-in (tested in notifications.test.ts), not a checkbox.
    await page.getByRole("button", { name: "Turn on browser notifications" }).waitFor()
    await page.getByRole("checkbox", { name: "Hold notifications during quiet hours" }).check()
    await page.getByRole("button", { name: "Save settings" }).click()
    await page.getByText("Settings saved").waitFor()
    await expectAccessible(page, "settings")
    await page.reload()
    await expect.poll(() => page.getByLabel("Your time zone").inputValue()).toBe("America/New_York")
    expect(await page.getByRole("checkbox", { name: "Email" }).isChecked()).toBe(false)
    expect(await page.getByLabel("From").inputValue()).toBe("22:00")
  })

  it("signs out", async () => {
    await page.getByRole("button", { name: "Sign out" }).first().click()
    await page.getByRole("heading", { name: "Welcome back" }).waitFor()
    await page.goto("/today")
    await page.getByRole("heading", { name: "Welcome back" }).waitFor()
  })
})
