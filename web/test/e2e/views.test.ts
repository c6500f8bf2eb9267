import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import type { Browser } from "./browser.ts"
import { launch, newContext, quickAdd, signUp, uniqueEmail } from "./browser.ts"

const signIn = async (page: Page, email: string, password = "correct horse battery") => {
  await page.goto("/signin")
  await page.getByLabel("Email").fill(email)
  await page.getByLabel("Password").fill(password)
  await page.getByRole("button", { name: "Sign in" }).click()
  await page.getByRole("heading", { level: 1, name: "Today" }).waitFor()
}

const sidebarView = (page: Page, name: string) =>
  page.getByRole("navigation", { name: "Lists" }).getByRole("link", { name, exact: true })

const saveView = async (page: Page, query: string, name: string) => {
  await page.getByRole("button", { name: /^Filter/ }).click()
  const form = page.locator("form.save-view")
  await form.getByLabel("Query").fill(query)
  await form.getByLabel("Name").fill(name)
  await form.getByRole("button", { name: "Save view" }).click()
}

describe("saved views live on the server", () => {
  let browser: Browser
  const baseUrl = inject("baseUrl")
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(() => browser?.close())

  it("follow the user to another browser, move old localStorage views over, and never show to others", async () => {
    const email = uniqueEmail("dana")
    const laptop = await (await newContext(browser, baseUrl)).newPage()
    await signUp(laptop, email)
    await quickAdd(laptop, "Ship the release today #work p1")
    await quickAdd(laptop, "Water plants today #home")

    // A view saved on the laptop opens and filters there at once...
    await saveView(laptop, "#work & priority >= high", "Hot work")
    await laptop.getByRole("heading", { level: 1, name: "Hot work" }).waitFor()
    await laptop.getByRole("button", { name: "Ship the release", exact: true }).waitFor()
    expect(await laptop.getByRole("button", { name: "Water plants", exact: true }).count()).toBe(0)
    // ...and a name the server already has is refused by the form, not saved twice.
    await saveView(laptop, "p1", "HOT WORK")
    await laptop.getByText('a view "HOT WORK" already exists').waitFor()
    expect(await sidebarView(laptop, "HOT WORK").count()).toBe(0)

    // Views an older version kept in this browser's localStorage move to the server once.
    await laptop.evaluate(() =>
      localStorage.setItem("tickler.savedViews", JSON.stringify([{ id: "a1b2c3d4", name: "Garden", filter: "#home" }]))
    )
    await laptop.reload()
    await sidebarView(laptop, "Garden").waitFor()
    expect(await laptop.evaluate(() => localStorage.getItem("tickler.savedViews"))).toBeNull()

    // The phone: another browser context of the same user sees both after signing in, and after a reload.
    const phone = await (await newContext(browser, baseUrl)).newPage()
    await signIn(phone, email)
    await sidebarView(phone, "Hot work").waitFor()
    await sidebarView(phone, "Garden").click()
    await phone.getByRole("heading", { level: 1, name: "Garden" }).waitFor()
    await phone.getByRole("button", { name: "Water plants", exact: true }).waitFor()
    // A reload on the view's own address stays there (the views arrive after the page).
    await phone.reload()
    await phone.getByRole("heading", { level: 1, name: "Garden" }).waitFor()
    const gardenPath = new URL(phone.url()).pathname

    // Deleted on the phone: gone on the laptop after a reload.
    await phone.getByRole("button", { name: "Delete view" }).click()
    await phone.getByRole("heading", { level: 1, name: "Today" }).waitFor()
    await laptop.reload()
    await sidebarView(laptop, "Hot work").waitFor()
    expect(await sidebarView(laptop, "Garden").count()).toBe(0)

    // Another user sees none of them, not even by address.
    const other = await (await newContext(browser, baseUrl)).newPage()
    await signUp(other, uniqueEmail("eve"))
    await other.getByText("Save a filter as a view from the Filter panel.").waitFor()
    expect(await sidebarView(other, "Hot work").count()).toBe(0)
    const hotWorkPath = await sidebarView(laptop, "Hot work").getAttribute("href")
    await other.goto(hotWorkPath!)
    await other.getByRole("heading", { level: 1, name: "Today" }).waitFor()
    await other.goto(gardenPath)
    await other.getByRole("heading", { level: 1, name: "Today" }).waitFor()
  })
})
