import type { Due, Reminder, ReminderInput } from "@tickler/domain"
import { DateTime } from "effect"
import { useState } from "react"
import { Temporal } from "temporal-polyfill"
import { formatReminder } from "../lib/format.ts"
import { Icon } from "../ui/Icon.tsx"

const unitMinutes = { minutes: 1, hours: 60, days: 24 * 60, weeks: 7 * 24 * 60 } as const
type Unit = keyof typeof unitMinutes

/** Several reminders, each relative to the due ("30 minutes before") or at a fixed date and time. */
export const RemindersEditor = ({
  value,
  due,
  userZone,
  onChange
}: {
  readonly value: ReadonlyArray<Reminder>
  readonly due: Due | null
  readonly userZone: string
  readonly onChange: (reminders: ReadonlyArray<ReminderInput>) => void
}) => {
  const [kind, setKind] = useState<"relative" | "absolute">(due === null ? "absolute" : "relative")
  const [amount, setAmount] = useState(30)
  const [unit, setUnit] = useState<Unit>("minutes")
  const [at, setAt] = useState("")
  const inputs = value.map(({ id: _id, ...reminder }) => reminder as ReminderInput)
  const canAdd = value.length < 10 && (kind === "relative" ? due !== null && amount >= 0 : at !== "")

  const add = () => {
    if (!canAdd) return
    const reminder: ReminderInput =
      kind === "relative"
        ? { kind: "relative", minutesBefore: amount * unitMinutes[unit] }
        : {
            kind: "absolute",
            // The picker shows wall-clock time in the user's zone.
            at: DateTime.makeUnsafe(Temporal.PlainDateTime.from(at).toZonedDateTime(userZone).epochMilliseconds)
          }
    onChange([...inputs, reminder])
    setAt("")
  }

  return (
    <div className="reminders">
      {value.length === 0 ? <p className="muted">No reminders.</p> : null}
      <ul className="reminder-list">
        {value.map((reminder, i) => (
          <li key={reminder.id}>
            <Icon name="bell" size={14} />
            {formatReminder(reminder, userZone)}
            <button
              type="button"
              className="btn btn-icon btn-small"
              aria-label={`Remove reminder ${formatReminder(reminder, userZone)}`}
              onClick={() => onChange(inputs.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="inline-fields reminder-add">
        <label className="field">
          <span>New reminder</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as "relative" | "absolute")}>
            <option value="relative" disabled={due === null}>
              Before the due time
            </option>
            <option value="absolute">At a date and time</option>
          </select>
        </label>
        {kind === "relative" ? (
          <>
            <label className="field field-narrow">
              <span>Amount</span>
              <input
                type="number"
                min={0}
                value={amount}
                onChange={(e) => setAmount(Math.max(0, Math.floor(Number(e.target.value))))}
              />
            </label>
            <label className="field">
              <span>Unit</span>
              <select value={unit} onChange={(e) => setUnit(e.target.value as Unit)}>
                {Object.keys(unitMinutes).map((u) => (
                  <option key={u} value={u}>
                    {u} before
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : (
          <label className="field">
            <span>When</span>
            <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
          </label>
        )}
        <button type="button" className="btn align-end" disabled={!canAdd} onClick={add}>
          Add reminder
        </button>
      </div>
      {due === null && kind === "relative" ? <p className="muted">Set a due date for reminders before it.</p> : null}
    </div>
  )
}
