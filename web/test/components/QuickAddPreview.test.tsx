import { cleanup, fireEvent, render, screen, within } from "@testing-library/react"
import { Temporal } from "temporal-polyfill"
import { afterEach, describe, expect, it } from "vitest"
import { QuickAdd } from "../../src/tasks/QuickAdd.tsx"
import { draftQuickAdd } from "../../src/tasks/quickAddModel.ts"

afterEach(cleanup)

const type = (text: string) => fireEvent.change(screen.getByLabelText("Add a task"), { target: { value: text } })
const chips = () =>
  within(screen.getByRole("list", { name: "Understood" }))
    .queryAllByRole("listitem")
    .map((li) => li.textContent?.replace("×", "").trim())

describe("quick-add preview", () => {
  it("shows date, repeat in words, tags, priority and reminders as chips while typing", () => {
    render(<QuickAdd listKey={undefined} />)
    type("Pay rent every month on the 1st 9am #home !high remind 30m before")
    expect(screen.getByTestId("quick-add-preview").querySelector(".qa-title")?.textContent).toContain("Pay rent")
    const labels = chips()
    expect(labels).toEqual([
      "Every month on the 1st at 9:00 AM",
      // "9am" is its own chip: the first due, on the next 1st.
      expect.stringMatching(/9:00 AM$/),
      "#home",
      "High priority",
      "Remind 30 min before"
    ])
  })

  it("removing a chip keeps its words in the title and drops what it meant", () => {
    render(<QuickAdd listKey={undefined} />)
    type("Read next week magazine #books")
    expect(chips()).toContain("#books")
    fireEvent.click(screen.getByRole("button", { name: /Remove date/ }))
    expect(screen.getByTestId("quick-add-preview").querySelector(".qa-title")?.textContent).toContain(
      "Read next week magazine"
    )
    expect(chips()).toEqual(["#books"])
  })

  it("builds the task it will create from what is left", () => {
    const context = { now: Temporal.Instant.from("2026-11-23T10:00:00Z"), zone: "Europe/Berlin" }
    const draft = draftQuickAdd("Call Bob tomorrow 5pm p1 #work", new Set(["tag:#work"]), context)
    expect(draft.input).toEqual({
      title: "Call Bob #work",
      due: { kind: "datetime", local: "2026-11-24T17:00", zone: "Europe/Berlin" },
      priority: "urgent"
    })
  })

  it("says when there is no title yet, and offers nothing to add", () => {
    render(<QuickAdd listKey={undefined} />)
    type("tomorrow #home")
    expect(screen.getByText("Add a title")).toBeTruthy()
    expect((screen.getByRole("button", { name: "Add" }) as HTMLButtonElement).disabled).toBe(true)
  })
})
