import { cleanup, fireEvent, render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it, vi } from "vitest"
import { TimeZonePicker } from "../../src/detail/TimeZonePicker.tsx"

afterEach(cleanup)

describe("time-zone picker", () => {
  it("takes a zone picked from the suggestions at once", () => {
    const onChange = vi.fn()
    render(<TimeZonePicker label="Time zone" value="UTC" onChange={onChange} />)
    const input = screen.getByLabelText("Time zone")
    expect(input.getAttribute("list")).toBeTruthy()
    expect(document.querySelectorAll("datalist option").length).toBeGreaterThan(100)
    fireEvent.change(input, { target: { value: "Asia/Tokyo" } })
    expect(onChange).toHaveBeenCalledWith("Asia/Tokyo")
  })

  it("accepts any spelling the browser knows and writes it canonically", () => {
    const onChange = vi.fn()
    render(<TimeZonePicker label="Time zone" value="UTC" onChange={onChange} />)
    const input = screen.getByLabelText("Time zone")
    fireEvent.change(input, { target: { value: "america/new_york" } })
    fireEvent.blur(input)
    expect(onChange).toHaveBeenCalledWith("America/New_York")
    expect((input as HTMLInputElement).value).toBe("America/New_York")
  })

  it("refuses an unknown zone with a message, and keeps the old one", () => {
    const onChange = vi.fn()
    render(<TimeZonePicker label="Time zone" value="Europe/Berlin" onChange={onChange} />)
    const input = screen.getByLabelText("Time zone")
    fireEvent.change(input, { target: { value: "Mars/Olympus_Mons" } })
    fireEvent.keyDown(input, { key: "Enter" })
    expect(screen.getByRole("alert").textContent).toMatch(/“Mars\/Olympus_Mons” is not a time zone/)
    expect(input.getAttribute("aria-invalid")).toBe("true")
    expect(onChange).not.toHaveBeenCalled()
  })
})
