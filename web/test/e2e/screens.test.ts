import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import type { Browser, Page } from "./browser.ts"
import {
  desktop,
  expectAccessible,
  launch,
  newContext,
  phone,
  quickAdd,
  screenshot,
  shortcut,
  signUp,
  uniqueEmail
} from "./browser.ts"

/** No horizontal scrolling: nothing sticks out of the viewport. */
const expectNoOverflow = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    page.viewportSize()!.width
  )

describe.each([
  { name: "desktop-light", viewport: desktop, dark: false },
  { name: "desktop-dark", viewport: desktop, dark: true },
  { name: "375-light", viewport: phone, dark: false },
  { name: "375-dark", viewport: phone, dark: true }
])("every screen at $name", ({ name, viewport, dark }) => {
  let browser: Browser
  let page: Page
  const baseUrl = inject("baseUrl")
  beforeAll(async () => {
    browser = await launch()
    page = await (await newContext(browser, baseUrl, { viewport, dark })).newPage()
  })
  afterAll(() => browser?.close())

  it("sign-up page is accessible and fits", async () => {
    await page.goto("/signup")
    await page.getByRole("heading", { name: "Create your account" }).waitFor()
    await expectNoOverflow(page)
    await expectAccessible(page, `sign up ${name}`)
    await screenshot(page, `signup-${name}`)
  })

  it("lists, quick add, detail and settings are accessible and fit", async () => {
    await signUp(page, uniqueEmail(name))
    await quickAdd(page, "Pay rent every month on the 1st 9am #home !high remind 1d before")
    await quickAdd(page, "Water plants every day #garden !medium")
    await quickAdd(page, "Standup today 9:30 #work p1")
    await quickAdd(page, "Read “Deep Work” #books !low")
    await page.locator(".task-row").nth(1).waitFor()
    await shortcut(page, "q")
    await page.keyboard.type("Call the dentist next fri 10am !urgent remind 30m before")
    await page.getByTestId("quick-add-preview").getByText("Urgent").waitFor()
    await expectNoOverflow(page)
    await expectAccessible(page, `today ${name}`)
    await screenshot(page, `today-${name}`)
    await page.keyboard.press("Enter")

    await page.goto("/upcoming")
    await page.getByRole("heading", { level: 1, name: "Upcoming" }).waitFor()
    await page.locator(".task-row").first().waitFor()
    await expectNoOverflow(page)
    await expectAccessible(page, `upcoming ${name}`)
    await screenshot(page, `upcoming-${name}`)

    for (const path of ["/overdue", "/all", "/completed"]) {
      await page.goto(path)
      await page.locator(".task-row, .state").first().waitFor()
      await expectNoOverflow(page)
      await expectAccessible(page, `${path} ${name}`)
    }

    await page.goto("/all")
    await page.getByRole("button", { name: "Pay rent", exact: true }).click()
    const panel = page.getByRole("complementary", { name: "Task" })
    await panel.getByTestId("next-dates").waitFor()
    await expectNoOverflow(page)
    await expectAccessible(page, `detail ${name}`)
    await screenshot(page, `detail-${name}`)
    await page.getByRole("button", { name: "Close details" }).click()

    await page.goto("/settings")
    await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor()
    await expectNoOverflow(page)
    await expectAccessible(page, `settings ${name}`)
    await screenshot(page, `settings-${name}`)
  })

  if (viewport === phone) {
    it("opens the lists from the menu button on a phone", async () => {
      await page.goto("/today")
      const nav = page.getByRole("navigation", { name: "Lists" })
      expect(await nav.isVisible()).toBe(false)
      await page.getByRole("button", { name: "Lists" }).click()
      await nav.getByRole("link", { name: "Upcoming" }).click()
      await page.getByRole("heading", { level: 1, name: "Upcoming" }).waitFor()
      await expectAccessible(page, `menu ${name}`)
    })
  }
})
