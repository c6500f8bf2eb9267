import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import type { Browser, Page } from "./browser.ts"
import { expectAccessible, launch, newContext, phone, screenshot, shortcut, signUp, uniqueEmail } from "./browser.ts"

const rowFor = (page: Page, title: string) =>
  page.locator(".task-row", { has: page.getByRole("button", { name: title, exact: true }) })

/** Types a message into the assistant and waits until its reply has arrived. */
const ask = async (page: Page, text: string) => {
  const panel = page.locator("#chat-panel")
  const replies = await panel.locator(".chat-assistant:not(.chat-streaming)").count()
  await page.getByLabel("Message the assistant").fill(text)
  await page.keyboard.press("Enter")
  await expect
    .poll(() => panel.locator(".chat-assistant:not(.chat-streaming)").count(), { timeout: 10_000 })
    .toBe(replies + 1)
  return panel.locator(".chat-assistant").last()
}

describe(
  "the chat assistant in the web app (offline mode: no model in the test profile)",
  { concurrent: false },
  () => {
    let browser: Browser
    let page: Page
    const baseUrl = inject("baseUrl")

    beforeAll(async () => {
      browser = await launch()
      page = await (await newContext(browser, baseUrl)).newPage()
      await signUp(page, uniqueEmail("chat"))
    })
    afterAll(() => browser?.close())

    it("adds a recurring task with a reminder from one sentence, and the list shows it live", async () => {
      await shortcut(page, "g", "a")
      await page.getByRole("heading", { level: 1, name: "All tasks" }).waitFor()
      await shortcut(page, "a")
      await page.getByRole("heading", { name: "Assistant" }).waitFor()
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("chat-input")
      await page.getByText("Offline mode").waitFor()

      const reply = await ask(page, "add pay rent on the 1st of every month at 9am, remind me a day before")
      expect(await reply.locator(".chat-step").innerText()).toMatch(
        /Added "pay rent" — .*09:00, every month on the 1st, 1 reminder/
      )
      const row = rowFor(page, "pay rent")
      await row.waitFor()
      expect(await row.innerText()).toMatch(/every month/i)
      await expectAccessible(page, "assistant panel")
      await screenshot(page, "assistant-desktop-light")
    })

    it("asks before deleting, and deletes on Confirm", async () => {
      await ask(page, "delete pay rent")
      const confirm = page.getByRole("group", { name: 'Delete "pay rent"?' })
      await confirm.waitFor()
      expect(await rowFor(page, "pay rent").count()).toBe(1)
      await confirm.getByRole("button", { name: "Confirm" }).click()
      await page.locator("#chat-panel .chat-step", { hasText: 'Deleted "pay rent"' }).waitFor()
      await expect.poll(() => rowFor(page, "pay rent").count()).toBe(0)
    })

    it("keeps conversations, and fits a 375 px phone", async () => {
      await page.getByRole("button", { name: "New", exact: true }).click()
      await expect.poll(() => page.locator("#chat-panel .chat-message").count()).toBe(0)
      // Newest first: the earlier conversation, named after its first message, is second.
      const conversation = page.getByLabel("Conversation", { exact: true })
      expect(await conversation.locator("option").nth(1).innerText()).toBe(
        "add pay rent on the 1st of every month at 9am, remind me a…"
      )
      await conversation.selectOption({ index: 1 })
      await expect.poll(() => page.locator("#chat-panel .chat-user").count()).toBe(2)

      await page.setViewportSize(phone)
      const box = await page.locator("#chat-panel").boundingBox()
      expect(box?.width).toBe(phone.width)
      const send = await page.getByRole("button", { name: "Send" }).boundingBox()
      expect(send!.x + send!.width).toBeLessThanOrEqual(phone.width)
      await screenshot(page, "assistant-phone-light")
      await page.getByLabel("Message the assistant").press("Escape")
      await expect.poll(() => page.locator("#chat-panel").count()).toBe(0)
    })
  }
)
