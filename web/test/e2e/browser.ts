/** Debian's Chromium driven by playwright-core (a Playwright browser download would fail here). */
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import * as Path from "node:path"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { chromium } from "playwright-core"
import { expect } from "vitest"

export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run"
    ]
  })

export const desktop = { width: 1280, height: 800 }
export const phone = { width: 375, height: 740 }

export const newContext = (
  browser: Browser,
  baseUrl: string,
  options?: { viewport?: typeof desktop; dark?: boolean }
) =>
  browser.newContext({
    baseURL: baseUrl,
    viewport: options?.viewport ?? desktop,
    colorScheme: options?.dark === true ? "dark" : "light",
    timezoneId: "Europe/Berlin",
    locale: "en-US"
  })

let counter = 0
export const uniqueEmail = (who: string) => `${who}-${Date.now()}-${counter++}@example.com`

/** Signs up through the UI and waits for the Today list. */
export const signUp = async (page: Page, email: string, password = "correct horse battery") => {
  await page.goto("/signup")
  await page.getByLabel("Email").fill(email)
  await page.getByLabel("Password").fill(password)
  await page.getByRole("button", { name: "Create account" }).click()
  await page.getByRole("heading", { level: 1, name: "Today" }).waitFor()
}

/** Presses keys the way a user does a shortcut: with nothing typed into (focus left on the page). */
export const shortcut = async (page: Page, ...keys: ReadonlyArray<string>) => {
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined))
  for (const key of keys) await page.keyboard.press(key)
}

export const quickAdd = async (page: Page, text: string) => {
  await shortcut(page, "q")
  await page.keyboard.type(text)
  await page.keyboard.press("Enter")
}

export const screenshotDir = Path.resolve(import.meta.dirname, "../../../test-output/screenshots")

export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: Path.join(screenshotDir, `${name}.png`), fullPage: false })

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8")

interface AxeViolation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly nodes: ReadonlyArray<{ readonly target: ReadonlyArray<string> }>
}

/** Runs axe-core (WCAG 2 A/AA rules) on the page; fails on any serious or critical violation. */
export const expectAccessible = async (page: Page, where: string) => {
  // Evaluated over the DevTools protocol: an inline <script> tag would be refused by the app's CSP.
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: Array<AxeViolation> }> }
      }
    ).axe
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] }
    })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target }))
    }))
  })
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical")
  expect(
    serious.map(
      (v) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`
    )
  ).toEqual([])
}

export type { Browser, BrowserContext, Page }
