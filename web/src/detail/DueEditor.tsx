import type { Due } from "@tickler/domain"
import { TimeZone } from "@tickler/domain"
import { formatDue } from "../lib/format.ts"
import { TimeZonePicker } from "./TimeZonePicker.tsx"

/** Date, optional time (no time = all day) and, for a time, the zone it is in. */
export const DueEditor = ({
  value,
  userZone,
  onChange
}: {
  readonly value: Due | null
  readonly userZone: string
  readonly onChange: (due: Due | null) => void
}) => {
  const date = value === null ? "" : value.kind === "date" ? value.date : value.local.slice(0, 10)
  const time = value?.kind === "datetime" ? value.local.slice(11, 16) : ""
  const zone = value?.kind === "datetime" ? value.zone : userZone
  const make = (d: string, t: string, z: string): Due | null =>
    d === ""
      ? null
      : t === ""
        ? { kind: "date", date: d }
        : { kind: "datetime", local: `${d}T${t}`, zone: TimeZone.make(z) }
  const label = value ? formatDue(value, userZone) : undefined

  return (
    <div className="due-editor">
      <div className="inline-fields">
        <label className="field">
          <span>Date</span>
          <input type="date" value={date} onChange={(e) => onChange(make(e.target.value, time, zone))} />
        </label>
        <label className="field">
          <span>Time</span>
          <input
            type="time"
            value={time}
            disabled={date === ""}
            onChange={(e) => onChange(make(date, e.target.value, zone))}
          />
        </label>
        {value !== null ? (
          <button type="button" className="btn btn-quiet align-end" onClick={() => onChange(null)}>
            Clear
          </button>
        ) : null}
      </div>
      {value?.kind === "datetime" ? (
        <TimeZonePicker key={zone} label="Time zone" value={zone} onChange={(z) => onChange(make(date, time, z))} />
      ) : null}
      {label ? (
        <p className="muted due-summary">
          {label.label}
          {label.inUserZone ? ` (${label.inUserZone})` : ""}
        </p>
      ) : null}
    </div>
  )
}
