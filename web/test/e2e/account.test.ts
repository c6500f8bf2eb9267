/**
 * The Account page and the pages account mails link to, against a dev profile of its own that mails
 * through a real SMTP listener: every link followed here is read from a captured mail.
 */
import { SmtpCapture } from "@tickler/notifications/testing"
import { ManagedRuntime } from "effect"
import { readFileSync } from "node:fs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Browser, BrowserContext, Page } from "./browser.ts"
import {
  desktop,
  expectAccessible,
  launch,
  newContext,
  phone,
  quickAdd,
  screenshot,
  signUp,
  uniqueEmail
} from "./browser.ts"
import { type DevProfile, startDevProfile } from "./devProfile.ts"

const peers = ManagedRuntime.make(SmtpCapture.layer)
let smtp: SmtpCapture["Service"]
let profile: DevProfile
let browser: Browser

beforeAll(async () => {
  smtp = await peers.runPromise(SmtpCapture.useSync((service) => service))
  profile = await startDevProfile({
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(smtp.port),
    SMTP_FROM: "Tickler <account@tickler.test>"
  })
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
  await profile?.stop()
  await peers.dispose()
})

/** The link in the newest mail to `to` whose subject matches, once it has arrived. */
const mailedLink = async (to: string, subject: RegExp, after = 0): Promise<string> => {
  let link: string | undefined
  await expect
    .poll(
      () => {
        const mail = smtp.emails.filter((m) => m.to.includes(to) && subject.test(m.subject)).at(after - 1)
        link = mail === undefined ? undefined : /https?:\/\/\S+/.exec(mail.text)?.[0]
        return link
      },
      { timeout: 15_000 }
    )
    .toBeDefined()
  return link!
}
const mailsTo = (to: string, subject: RegExp) => smtp.emails.filter((m) => m.to.includes(to) && subject.test(m.subject))

const VERIFY = /Confirm your email address/
const RESET = /Reset your Tickler password/

/** The focused element's role and text: where a keyboard or screen-reader user is after an action. */
const focused = (page: Page) =>
  page.evaluate(() => ({
    role: document.activeElement?.getAttribute("role"),
    text: document.activeElement?.textContent ?? ""
  }))

const signIn = async (page: Page, email: string, password: string) => {
  await page.goto("/signin")
  await page.getByLabel("Email").fill(email)
  await page.getByLabel("Password", { exact: true }).fill(password)
  await page.getByRole("button", { name: "Sign in" }).click()
}

/** Whether the browser's session cookie still works. */
const me = (page: Page) => page.evaluate(async () => (await fetch("/api/auth/me")).status)

/** A session of an API client: a bearer token, as a script would use it. */
const apiToken = async (email: string, password: string) => {
  const response = await fetch(`${profile.baseUrl}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "tickler-e2e-script/1.0" },
    body: JSON.stringify({ email, password })
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { token: string }).token
}
const meWithToken = async (token: string) =>
  (await fetch(`${profile.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status

const openAccount = async (page: Page) => {
  await page.goto("/account")
  await page.getByRole("heading", { level: 1, name: "Account" }).waitFor()
}

describe("the account lifecycle in the web app", { concurrent: false }, () => {
  const email = uniqueEmail("account")
  const passwords = { first: "correct horse battery", changed: "staple gun orchard 42", reset: "quiet lantern river 7" }
  let page: Page
  /** Another browser of the same user. */
  let other: BrowserContext

  beforeAll(async () => {
    page = await (await newContext(browser, profile.baseUrl)).newPage()
    other = await newContext(browser, profile.baseUrl)
  })

  it("verifies the address from the mailed link; only then can reminders go by email", async () => {
    await signUp(page, email, passwords.first)

    // Unverified: Settings says so, and the server's refusal is shown by the checkboxes with a way on.
    await page.goto("/settings")
    await page.getByText("Email needs a verified address").waitFor()
    await page.getByRole("checkbox", { name: "Email" }).check()
    await page.getByRole("button", { name: "Save settings" }).click()
    const refusal = page.getByRole("alert").filter({ hasText: "verify your email address first" })
    await refusal.waitFor()
    expect((await focused(page)).text).toContain("verify your email address first")
    await refusal.getByRole("link", { name: "Go to your Account page" }).click()
    await page.getByRole("heading", { level: 1, name: "Account" }).waitFor()
    await expect.poll(() => page.getByTestId("email-status").innerText()).toBe("Not verified")

    // Sign-up mailed a link; a new one can be asked for (202), and says where it went.
    await mailedLink(email, VERIFY)
    await page.getByRole("button", { name: "Send verification link" }).click()
    await page
      .getByRole("status")
      .filter({ hasText: `We mailed a new link to ${email}` })
      .waitFor()
    expect((await focused(page)).role).toBe("status")
    await expect.poll(() => mailsTo(email, VERIFY).length).toBe(2)

    await page.goto(await mailedLink(email, VERIFY))
    await page.getByRole("heading", { name: "Verify your email address" }).waitFor()
    await expectAccessible(page, "verify email")
    await page.getByRole("button", { name: "Verify my email address" }).click()
    await page
      .getByRole("status")
      .filter({ hasText: `${email} is verified` })
      .waitFor()
    expect((await focused(page)).role).toBe("status")
    await page.getByRole("link", { name: "Continue to Tickler" }).click()
    await page.getByRole("heading", { level: 1, name: "Account" }).waitFor()
    await expect.poll(() => page.getByTestId("email-status").innerText()).toBe("Verified")

    await page.goto("/settings")
    await page.getByRole("checkbox", { name: "Email" }).check()
    await page.getByRole("button", { name: "Save settings" }).click()
    await page.getByText("Settings saved").waitFor()
    await page.reload()
    expect(await page.getByRole("checkbox", { name: "Email" }).isChecked()).toBe(true)
  })

  it("changes the password: the server's reasons are shown, other sessions end, this one goes on", async () => {
    const otherPage = await other.newPage()
    await signIn(otherPage, email, passwords.first)
    await otherPage.getByRole("heading", { level: 1, name: "Today" }).waitFor()
    const token = await apiToken(email, passwords.first)

    await openAccount(page)
    await expect.poll(() => page.getByTestId("session").count()).toBe(3)
    const form = page.getByRole("region", { name: "Password", exact: true })
    const fill = async (current: string, next: string, confirm = next) => {
      await form.getByLabel("Current password").fill(current)
      await form.getByLabel("New password", { exact: true }).fill(next)
      await form.getByLabel("Confirm new password").fill(confirm)
      await form.getByRole("button", { name: "Change password" }).click()
    }

    // A confirmation that differs never reaches the server: the browser says why, on that field.
    await fill(passwords.first, passwords.changed, "something else")
    expect(
      await form.getByLabel("Confirm new password").evaluate((input: HTMLInputElement) => input.validationMessage)
    ).toBe("The new password and its confirmation don't match.")

    await fill("not my password", passwords.changed)
    await form.getByRole("alert").filter({ hasText: "the current password is wrong" }).waitFor()
    expect(await focused(page)).toEqual({ role: "alert", text: "the current password is wrong" })
    expect(await form.getByLabel("Current password").getAttribute("aria-invalid")).toBe("true")

    await fill(passwords.first, "password")
    await form.getByRole("alert").filter({ hasText: "among the most common" }).waitFor()
    expect(await form.getByLabel("New password", { exact: true }).getAttribute("aria-invalid")).toBe("true")

    await fill(passwords.first, passwords.changed)
    await form.getByRole("status").filter({ hasText: "Password changed" }).waitFor()
    expect((await focused(page)).role).toBe("status")
    await expect.poll(() => page.getByTestId("session").count()).toBe(1)

    // This browser got a new session cookie with the answer: it goes on working, also after a reload.
    await page.goto("/all")
    await page.getByRole("heading", { level: 1, name: "All tasks" }).waitFor()
    // Saved with the new session before the reload (a reload would cut a request still in flight).
    const saved = page.waitForResponse(
      (response) => response.url().endsWith("/api/tasks") && response.request().method() === "POST"
    )
    await quickAdd(page, "Buy milk for the export")
    expect((await saved).status()).toBe(201)
    await page.getByRole("button", { name: "Buy milk for the export" }).waitFor()
    await page.reload()
    await page.getByRole("button", { name: "Buy milk for the export" }).waitFor()

    // Every other session ended: the other browser and the API token.
    expect(await me(otherPage)).toBe(401)
    expect(await meWithToken(token)).toBe(401)
    await otherPage.reload()
    await otherPage.getByRole("heading", { name: "Welcome back" }).waitFor()

    await signIn(otherPage, email, passwords.first)
    await otherPage.getByRole("alert").filter({ hasText: /./ }).waitFor()
    expect(await me(otherPage)).toBe(401)
    await signIn(otherPage, email, passwords.changed)
    await otherPage.getByRole("heading", { level: 1, name: "Today" }).waitFor()
  })

  it("lists the sessions and ends another one, or all the others", async () => {
    // Besides this browser: the other browser signed in above, and a script's token.
    const [otherPage] = other.pages()
    const token = await apiToken(email, passwords.changed)
    await openAccount(page)
    const sessions = page.getByTestId("session")
    await expect.poll(() => sessions.count()).toBe(3)
    const mine = sessions.filter({ hasText: "This device" })
    expect(await mine.innerText()).toMatch(/Chrome on Linux[\s\S]*Active now/)
    expect(await mine.getByRole("button").count()).toBe(0)
    await expectAccessible(page, "account page")

    await sessions.filter({ hasText: "Chrome on Linux", hasNotText: "This device" }).getByRole("button").click()
    await page.getByRole("status").filter({ hasText: "Signed out Chrome on Linux." }).waitFor()
    expect((await focused(page)).role).toBe("status")
    await expect.poll(() => sessions.count()).toBe(2)
    expect(await me(otherPage!)).toBe(401)

    expect(await sessions.filter({ hasNotText: "This device" }).innerText()).toMatch(/^tickler-e2e-script\/1\.0/)
    await page.getByRole("button", { name: "Sign out all other sessions" }).click()
    await page.getByRole("status").filter({ hasText: "Signed out 1 other session." }).waitFor()
    await expect.poll(() => sessions.count()).toBe(1)
    expect(await meWithToken(token)).toBe(401)
    expect(await me(page)).toBe(200)
    await other.close()
  })

  it("resets a forgotten password from the sign-in screen through the mailed link", async () => {
    const signedOut = await newContext(browser, profile.baseUrl)
    const forgot = await signedOut.newPage()
    await forgot.goto("/signin")
    await forgot.getByRole("link", { name: "Forgot password?" }).click()
    await forgot.getByRole("heading", { name: "Reset your password" }).waitFor()
    await expectAccessible(forgot, "forgot password")

    // The same answer whether or not the address has an account.
    const answerFor = async (address: string) => {
      await forgot.getByLabel("Email").fill(address)
      await forgot.getByRole("button", { name: "Send reset link" }).click()
      const status = forgot.getByRole("status").filter({ hasText: address })
      await status.waitFor()
      expect((await focused(forgot)).role).toBe("status")
      return (await status.innerText()).replace(address, "<address>")
    }
    const unknown = uniqueEmail("nobody")
    expect(await answerFor(unknown)).toBe(await answerFor(email))
    expect(await answerFor(unknown)).toMatch(/we mailed it a link to choose a new password/)
    expect(smtp.emails.some((mail) => mail.to.includes(unknown))).toBe(false)

    const link = await mailedLink(email, RESET)
    await forgot.goto(link)
    await forgot.getByRole("heading", { name: "Choose a new password" }).waitFor()
    await expectAccessible(forgot, "reset password")
    await forgot.getByLabel("New password", { exact: true }).fill(passwords.reset)
    await forgot.getByLabel("Confirm new password").fill(passwords.reset)
    await forgot.getByRole("button", { name: "Set new password" }).click()
    await forgot.getByRole("status").filter({ hasText: "Your password is changed" }).waitFor()
    expect((await focused(forgot)).role).toBe("status")
    // A reset ends every session, the main browser's too.
    expect(await me(page)).toBe(401)

    await forgot.getByRole("link", { name: "Sign in" }).click()
    await forgot.getByRole("heading", { name: "Welcome back" }).waitFor()
    await forgot.getByLabel("Email").fill(email)
    await forgot.getByLabel("Password", { exact: true }).fill(passwords.reset)
    await forgot.getByRole("button", { name: "Sign in" }).click()
    await forgot.getByRole("heading", { level: 1, name: "Today" }).waitFor()

    // The link works once.
    await forgot.goto(link)
    await forgot.getByLabel("New password", { exact: true }).fill("another fine password")
    await forgot.getByLabel("Confirm new password").fill("another fine password")
    await forgot.getByRole("button", { name: "Set new password" }).click()
    await forgot.getByRole("alert").filter({ hasText: "used already or has expired" }).waitFor()
    await forgot.getByRole("link", { name: "Ask for a new one" }).waitFor()
    await signedOut.close()

    await signIn(page, email, passwords.reset)
    await page.getByRole("heading", { level: 1, name: "Today" }).waitFor()
  })

  it("downloads the user's data as JSON, with their task in it", async () => {
    await page.getByRole("banner").getByRole("link", { name: "Account" }).click()
    await page.getByRole("heading", { level: 1, name: "Account" }).waitFor()
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download my data" }).click()
    ])
    expect(download.suggestedFilename()).toMatch(/^tickler-export-\d{4}-\d{2}-\d{2}\.json$/)
    const exported = JSON.parse(readFileSync(await download.path(), "utf8")) as {
      account: { email: string; emailVerified: boolean }
      tasks: Array<{ title: string }>
    }
    expect(exported.account).toMatchObject({ email, emailVerified: true })
    expect(exported.tasks.map((task) => task.title)).toEqual(["Buy milk for the export"])
  })

  it("is usable by keyboard alone and fits a 375 px screen", async () => {
    // On a phone the header has no room for it: the way in is Settings.
    await page.setViewportSize(phone)
    await page.goto("/settings")
    await page.getByRole("link", { name: "Manage account" }).click()
    await page.getByRole("heading", { level: 1, name: "Account" }).waitFor()
    await expect.poll(() => page.getByTestId("session").count()).toBeGreaterThan(0)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width)
    await expectAccessible(page, "account page 375")
    await screenshot(page, "account-375-light")

    // Delete with a wrong password, by keyboard alone: Tab reaches every control, the refusal takes focus.
    const danger = page.getByRole("region", { name: "Delete account" })
    await danger.getByLabel("Your password").focus()
    await page.keyboard.type("not my password")
    await page.keyboard.press("Tab")
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe("checkbox")
    await page.keyboard.press("Space")
    await page.keyboard.press("Tab")
    expect((await focused(page)).text).toBe("Delete my account")
    await page.keyboard.press("Enter")
    await danger.getByRole("alert").filter({ hasText: "the password is wrong" }).waitFor()
    expect(await focused(page)).toEqual({ role: "alert", text: "the password is wrong" })
    await page.setViewportSize(desktop)
  })

  it("deletes the account: it can't sign in any more, and the address can sign up again", async () => {
    await openAccount(page)
    const danger = page.getByRole("region", { name: "Delete account" })
    await danger.getByLabel("Your password").fill(passwords.reset)
    // The explicit confirmation is required.
    await danger.getByRole("button", { name: "Delete my account" }).click()
    expect(await me(page)).toBe(200)
    await danger.getByRole("checkbox", { name: /I understand/ }).check()
    await danger.getByRole("button", { name: "Delete my account" }).click()
    await page.getByRole("heading", { name: "Welcome back" }).waitFor()
    await page.getByText("Your account and all its data were deleted.").waitFor()
    expect(await me(page)).toBe(401)

    await signIn(page, email, passwords.reset)
    await page.getByRole("alert").filter({ hasText: /./ }).waitFor()
    expect(await me(page)).toBe(401)
    await signUp(page, email, passwords.first)
    await openAccount(page)
    await expect.poll(() => page.getByTestId("email-status").innerText()).toBe("Not verified")
  })
})
