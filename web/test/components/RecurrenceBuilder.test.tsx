import type { Due, Recurrence } from "@tickler/domain"
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react"
import { useState } from "react"
import { afterEach, describe, expect, it, vi } from "vitest"
import { RecurrenceBuilder } from "../../src/detail/RecurrenceBuilder.tsx"

afterEach(cleanup)

// A Tuesday far enough ahead that "now" never skips any of its next dates.
const due: Due = {
  kind: "datetime",
  local: "2030-01-01T09:00",
  zone: "Europe/Berlin" as Due extends { zone: infer Z } ? Z : never
}

const Harness = ({ initial, onChange }: { initial: Recurrence | null; onChange?: (r: Recurrence | null) => void }) => {
  const [value, setValue] = useState(initial)
  return (
    <RecurrenceBuilder
      value={value}
      due={due}
      userZone="Europe/Berlin"
      onChange={(next) => {
        setValue(next)
        onChange?.(next)
      }}
    />
  )
}

const nextDates = () =>
  within(screen.getByTestId("next-dates"))
    .getAllByRole("listitem")
    .map((li) => li.textContent)

describe("recurrence builder", () => {
  it("offers presets named after the due date and previews the next five dates", () => {
    const onChange = vi.fn()
    render(<Harness initial={null} onChange={onChange} />)
    fireEvent.change(screen.getByLabelText("How often"), { target: { value: "weekly" } })
    expect(onChange).toHaveBeenLastCalledWith({ rrule: "FREQ=WEEKLY;BYDAY=TU", mode: "schedule" })
    expect(screen.getByTestId("recurrence-words").textContent).toBe("Every Tuesday")
    expect(nextDates()).toEqual([
      expect.stringMatching(/Jan 8, 2030 9:00/),
      expect.stringMatching(/Jan 15, 2030 9:00/),
      expect.stringMatching(/Jan 22, 2030 9:00/),
      expect.stringMatching(/Jan 29, 2030 9:00/),
      expect.stringMatching(/Feb 5, 2030 9:00/)
    ])
  })

  it("labels the presets the way every rule is labelled", () => {
    render(<Harness initial={null} />)
    const options = within(screen.getByLabelText("How often"))
      .getAllByRole("option")
      .map((option) => option.textContent)
    expect(options).toEqual([
      "Doesn't repeat",
      "Every day",
      "Every weekday",
      "Every Tuesday",
      "Every month on the 1st",
      "Every last day of the month",
      "Every year on 1 January",
      "Custom…"
    ])
  })

  it("builds a custom rule: every 2 weeks on Monday and Friday, 3 times", () => {
    const onChange = vi.fn()
    render(<Harness initial={{ rrule: "FREQ=DAILY", mode: "schedule" }} onChange={onChange} />)
    fireEvent.change(screen.getByLabelText("How often"), { target: { value: "custom" } })
    fireEvent.change(screen.getByLabelText("Unit"), { target: { value: "WEEKLY" } })
    fireEvent.change(screen.getByLabelText("Every"), { target: { value: "2" } })
    fireEvent.click(screen.getByRole("button", { name: "Mon" }))
    fireEvent.click(screen.getByRole("button", { name: "Fri" }))
    fireEvent.change(screen.getByLabelText("Ends"), { target: { value: "count" } })
    fireEvent.change(screen.getByLabelText("Times"), { target: { value: "3" } })
    expect(onChange).toHaveBeenLastCalledWith({ rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;COUNT=3", mode: "schedule" })
    expect(screen.getByTestId("recurrence-words").textContent).toBe("Every 2 weeks on Monday and Friday, 3 times")
    // COUNT=3 and this task is the first: two more dates, then the series ends.
    expect(nextDates()).toHaveLength(2)
  })

  it("accepts raw RRULE text and explains a bad one without changing the task", () => {
    const onChange = vi.fn()
    render(<Harness initial={{ rrule: "FREQ=MONTHLY;BYMONTHDAY=-1", mode: "schedule" }} onChange={onChange} />)
    fireEvent.change(screen.getByLabelText("How often"), { target: { value: "custom" } })
    onChange.mockClear()
    const rrule = screen.getByLabelText("RRULE")
    fireEvent.change(rrule, { target: { value: "FREQ=MONTHLY;BYDAY=9MO" } })
    fireEvent.blur(rrule)
    expect(screen.getByRole("alert").textContent).not.toBe("")
    expect(onChange).not.toHaveBeenCalled()
    fireEvent.change(rrule, { target: { value: "FREQ=MONTHLY;BYDAY=2MO" } })
    fireEvent.blur(rrule)
    expect(onChange).toHaveBeenLastCalledWith({ rrule: "FREQ=MONTHLY;BYDAY=2MO", mode: "schedule" })
    expect(screen.getByTestId("recurrence-words").textContent).toBe("Every 2nd Monday")
  })

  it("switches to counting from completion (every!)", () => {
    const onChange = vi.fn()
    render(<Harness initial={{ rrule: "FREQ=DAILY;INTERVAL=3", mode: "schedule" }} onChange={onChange} />)
    fireEvent.click(screen.getByLabelText(/Count from when I complete it/))
    expect(onChange).toHaveBeenLastCalledWith({ rrule: "FREQ=DAILY;INTERVAL=3", mode: "completion" })
    expect(screen.getByTestId("recurrence-words").textContent).toBe("Every 3 days after completion")
  })
})
