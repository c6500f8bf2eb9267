import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import type { Browser } from "./browser.ts"
import { launch, newContext, quickAdd, signUp, uniqueEmail } from "./browser.ts"

describe("two users in two browser contexts", () => {
  let browser: Browser
  const baseUrl = inject("baseUrl")
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(() => browser?.close())

  it("see nothing of each other", async () => {
    const alice = await (await newContext(browser, baseUrl)).newPage()
    const bob = await (await newContext(browser, baseUrl)).newPage()
    await signUp(alice, uniqueEmail("alice"))
    await signUp(bob, uniqueEmail("bob"))

    await quickAdd(alice, "Alice's secret plan today #private")
    await alice.getByRole("button", { name: "Alice's secret plan", exact: true }).waitFor()
    const aliceTaskId = await alice.locator(".task-row").first().getAttribute("data-task-id")

    await bob.reload()
    await bob.getByText("Nothing due today").waitFor()
    await bob.goto("/all?q=secret")
    await bob.getByText("No tasks match “secret”.").waitFor()
    expect(await bob.locator(".nav-link", { hasText: "private" }).count()).toBe(0)
    // Even with the id, Bob's browser gets "not found".
    await bob.goto(`/all?task=${aliceTaskId}`)
    await bob.getByText("This task doesn't exist (any more).").waitFor()

    await alice.reload()
    await alice.getByRole("button", { name: "Alice's secret plan", exact: true }).waitFor()
  })

  it("two tabs of one user stay in sync without reloading", async () => {
    const context = await newContext(browser, baseUrl)
    const first = await context.newPage()
    await signUp(first, uniqueEmail("carol"))
    const second = await context.newPage()
    await second.goto("/today")
    await second.getByText("Nothing due today").waitFor()

    await quickAdd(first, "Ship the release today")
    // Live updates (SSE): the other tab shows it with no reload.
    await second.getByRole("button", { name: "Ship the release", exact: true }).waitFor({ timeout: 5000 })
    await first.getByRole("checkbox", { name: "Complete “Ship the release”" }).click()
    await second
      .getByRole("button", { name: "Ship the release", exact: true })
      .waitFor({ state: "detached", timeout: 5000 })
  })
})
