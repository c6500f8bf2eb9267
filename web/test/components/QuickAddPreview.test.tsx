import { cleanup, fireEvent, render, screen, within } from "@testing-library/react"
import { DateTime } from "effect"
import { Temporal } from "temporal-polyfill"
import { afterEach, describe, expect, it, vi } from "vitest"
import { formatDue, formatInstant } from "../../src/lib/format.ts"
import { QuickAdd } from "../../src/tasks/QuickAdd.tsx"
import { draftQuickAdd } from "../../src/tasks/quickAddModel.ts"
import { QuickAddPreview } from "../../src/tasks/QuickAddPreview.tsx"

afterEach(cleanup)

const type = (text: string) => fireEvent.change(screen.getByLabelText("Add a task"), { target: { value: text } })
const chips = () =>
  within(screen.getByRole("list", { name: "Understood" }))
    .queryAllByRole("listitem")
    .map((li) => li.textContent?.replace("×", "").trim())
const title = () => screen.getByTestId("quick-add-preview").querySelector(".qa-title")?.textContent

// Wednesday 18 November 2026, 11:00 in Berlin.
const context = { now: Temporal.Instant.from("2026-11-18T10:00:00Z"), zone: "Europe/Berlin" }

describe("quick-add preview", () => {
  it("shows date, repeat in words, tags, priority and reminders as chips while typing", () => {
    render(<QuickAdd listKey={undefined} />)
    type("Pay rent every month on the 1st 9am #home !high remind 30m before")
    expect(title()).toContain("Pay rent")
    expect(chips()).toEqual([
      "Every month on the 1st",
      // "9am" is the due's chip: the first due, on the next 1st.
      expect.stringMatching(/9:00 AM$/),
      "#home",
      "High priority",
      "Remind 30 min before"
    ])
  })

  it("shows a chip for each part of the task it will save, made from that task", () => {
    const text = "Standup tomorrow 9:30 every weekday #work @office p2 remind me 10m before remind me at 8am"
    const draft = draftQuickAdd(text, new Set(), context)
    render(<QuickAddPreview draft={draft} onDismiss={() => {}} />)
    const { input } = draft
    expect(input).toMatchObject({
      title: "Standup",
      due: { kind: "datetime", local: "2026-11-19T09:30", zone: "Europe/Berlin" },
      recurrence: { rrule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", mode: "schedule" },
      tags: ["work", "office"],
      priority: "high"
    })
    const [relative, absolute] = input.reminders ?? []
    expect(relative).toEqual({ kind: "relative", minutesBefore: 10 })
    if (absolute?.kind !== "absolute") throw new Error("expected a reminder at 8am")
    expect(DateTime.formatIso(absolute.at)).toBe("2026-11-19T07:00:00.000Z") // 08:00 in Berlin on the due's day
    expect(title()).toBe("Title: Standup")
    expect(chips()).toEqual([
      formatDue(input.due!, context.zone, context.now).label,
      "Every weekday",
      "#work",
      "#office",
      "High priority",
      "Remind 10 min before",
      `Remind at ${formatInstant(absolute.at, context.zone)}`
    ])
  })

  it("shows a phrase that will not be saved in the title, not as a chip", () => {
    render(
      <QuickAddPreview draft={draftQuickAdd("Fix prod p1 p3 #ops #OPS", new Set(), context)} onDismiss={() => {}} />
    )
    expect(title()).toBe("Title: Fix prod p3 #OPS")
    expect(chips()).toEqual(["Urgent", "#ops"])
  })

  it("removing a chip keeps its words in the title and drops what it meant", () => {
    render(<QuickAdd listKey={undefined} />)
    type("Read next week magazine #books")
    expect(chips()).toContain("#books")
    fireEvent.click(screen.getByRole("button", { name: /Remove date/ }))
    expect(title()).toContain("Read next week magazine")
    expect(chips()).toEqual(["#books"])
  })

  it("removing a chip read from two phrases keeps both", () => {
    const onDismiss = vi.fn()
    const draft = draftQuickAdd("Call mom tomorrow about dinner at 5pm", new Set(), context)
    render(<QuickAddPreview draft={draft} onDismiss={onDismiss} />)
    expect(chips()).toHaveLength(1)
    fireEvent.click(screen.getByRole("button", { name: /Remove date/ }))
    const dismissed = new Set<string>(onDismiss.mock.calls[0]![0].tokenKeys)
    expect(draftQuickAdd("Call mom tomorrow about dinner at 5pm", dismissed, context)).toMatchObject({
      title: "Call mom tomorrow about dinner at 5pm",
      chips: [],
      input: { title: "Call mom tomorrow about dinner at 5pm" }
    })
  })

  it("builds the task it will create from what is left", () => {
    const draft = draftQuickAdd("Call Bob tomorrow 5pm p1 #work", new Set(["tag:#work"]), {
      now: Temporal.Instant.from("2026-11-23T10:00:00Z"),
      zone: "Europe/Berlin"
    })
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
