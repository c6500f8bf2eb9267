import type { Due, Recurrence, RecurrenceMode, RRule, RRuleFrequency, RRuleWeekday } from "@tickler/domain"
import { formatRRule, occurrencesPreview, parseRRule, recurrenceLabel, rruleWeekdays } from "@tickler/domain"
import { useId, useState } from "react"
import { Temporal } from "temporal-polyfill"
import { formatDue } from "../lib/format.ts"

const weekdayShort = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
const units: Record<RRuleFrequency, string> = { DAILY: "days", WEEKLY: "weeks", MONTHLY: "months", YEARLY: "years" }

const baseRule = (freq: RRuleFrequency): RRule => ({
  freq,
  interval: 1,
  byDay: [],
  byMonthDay: [],
  byMonth: [],
  weekStart: "MO"
})

const anchorDate = (due: Due | null) =>
  due === null
    ? Temporal.Now.plainDateISO()
    : Temporal.PlainDate.from(due.kind === "date" ? due.date : due.local.slice(0, 10))

/** Presets named after the due date ("Every Tuesday"), labelled the way every rule is. */
const presets = (due: Due | null): ReadonlyArray<{ id: string; label: string; rrule: string }> => {
  const date = anchorDate(due)
  const rules: ReadonlyArray<readonly [string, RRule]> = [
    ["daily", baseRule("DAILY")],
    ["weekdays", { ...baseRule("WEEKLY"), byDay: rruleWeekdays.slice(0, 5).map((weekday) => ({ weekday })) }],
    ["weekly", { ...baseRule("WEEKLY"), byDay: [{ weekday: rruleWeekdays[date.dayOfWeek - 1]! }] }],
    ["monthly", { ...baseRule("MONTHLY"), byMonthDay: [date.day] }],
    ["monthlyLast", { ...baseRule("MONTHLY"), byMonthDay: [-1] }],
    ["yearly", { ...baseRule("YEARLY"), byMonth: [date.month], byMonthDay: [date.day] }]
  ]
  return rules.map(([id, rule]) => {
    const rrule = formatRRule(rule)
    return { id, label: recurrenceLabel({ rrule, mode: "schedule" }), rrule }
  })
}

const parse = (rrule: string): RRule | undefined => {
  const result = parseRRule(rrule)
  return result._tag === "Success" ? result.success : undefined
}

/**
 * Presets, a custom rule (frequency, interval, weekdays, end) or raw RRULE text, the "after
 * completion" mode, the rule in words and the next five dates.
 */
export const RecurrenceBuilder = ({
  value,
  due,
  userZone,
  onChange
}: {
  readonly value: Recurrence | null
  readonly due: Due | null
  readonly userZone: string
  readonly onChange: (recurrence: Recurrence | null) => void
}) => {
  const id = useId()
  const list = presets(due)
  const preset = value === null ? "none" : (list.find((p) => p.rrule === value.rrule)?.id ?? "custom")
  const [custom, setCustom] = useState(preset === "custom")
  const [text, setText] = useState(value?.rrule ?? "")
  const [textError, setTextError] = useState<string | undefined>()
  const rule = value ? parse(value.rrule) : undefined
  const mode: RecurrenceMode = value?.mode ?? "schedule"

  const emit = (next: RRule, nextMode: RecurrenceMode = mode) => {
    const rrule = formatRRule(next)
    setText(rrule)
    setTextError(undefined)
    onChange({ rrule, mode: nextMode })
  }

  const selectPreset = (choice: string) => {
    if (choice === "none") {
      setCustom(false)
      return onChange(null)
    }
    if (choice === "custom") {
      setCustom(true)
      if (value === null)
        emit({ ...baseRule("WEEKLY"), byDay: [{ weekday: rruleWeekdays[anchorDate(due).dayOfWeek - 1]! }] })
      return
    }
    setCustom(false)
    const p = list.find((x) => x.id === choice)
    if (p) {
      setText(p.rrule)
      onChange({ rrule: p.rrule, mode })
    }
  }

  const applyText = () => {
    const parsed = parseRRule(text.trim().replace(/^RRULE:/i, ""))
    if (parsed._tag === "Failure") return setTextError(parsed.failure)
    emit(parsed.success)
  }

  const preview =
    value && rule && due
      ? occurrencesPreview({ rule, mode, due, now: Temporal.Now.instant(), zone: userZone, limit: 5 })
      : []

  return (
    <div className="recurrence">
      <label className="field">
        <span>How often</span>
        <select value={custom && value !== null ? "custom" : preset} onChange={(e) => selectPreset(e.target.value)}>
          <option value="none">Doesn't repeat</option>
          {list.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </label>

      {value !== null && rule && (custom || preset === "custom") ? (
        <fieldset className="custom-rule">
          <legend className="sr-only">Custom repeat</legend>
          <div className="inline-fields">
            <label className="field field-narrow">
              <span>Every</span>
              <input
                type="number"
                min={1}
                max={1000}
                value={rule.interval}
                onChange={(e) => {
                  const n = Number(e.target.value)
                  if (Number.isInteger(n) && n >= 1 && n <= 1000) emit({ ...rule, interval: n })
                }}
              />
            </label>
            <label className="field">
              <span>Unit</span>
              <select
                value={rule.freq}
                onChange={(e) =>
                  emit({
                    ...baseRule(e.target.value as RRuleFrequency),
                    interval: rule.interval,
                    ...(rule.count ? { count: rule.count } : {}),
                    ...(rule.until ? { until: rule.until } : {})
                  })
                }
              >
                {(Object.keys(units) as Array<RRuleFrequency>).map((f) => (
                  <option key={f} value={f}>
                    {units[f]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {rule.freq === "WEEKLY" ? (
            <div className="weekday-toggles" role="group" aria-label="On days">
              {rruleWeekdays.map((wd: RRuleWeekday, i) => {
                const on = rule.byDay.some((d) => d.weekday === wd)
                return (
                  <button
                    key={wd}
                    type="button"
                    className={`toggle${on ? " is-on" : ""}`}
                    aria-pressed={on}
                    onClick={() => {
                      const byDay = on ? rule.byDay.filter((d) => d.weekday !== wd) : [...rule.byDay, { weekday: wd }]
                      if (byDay.length > 0)
                        emit({
                          ...rule,
                          byDay: rruleWeekdays
                            .filter((w) => byDay.some((d) => d.weekday === w))
                            .map((weekday) => ({ weekday }))
                        })
                    }}
                  >
                    {weekdayShort[i]}
                  </button>
                )
              })}
            </div>
          ) : null}
          <div className="inline-fields">
            <label className="field">
              <span>Ends</span>
              <select
                value={rule.count !== undefined ? "count" : rule.until !== undefined ? "until" : "never"}
                onChange={(e) => {
                  const { count: _c, until: _u, ...open } = rule
                  if (e.target.value === "never") emit(open)
                  else if (e.target.value === "count") emit({ ...open, count: 10 })
                  else emit({ ...open, until: { kind: "date", date: anchorDate(due).add({ months: 3 }).toString() } })
                }}
              >
                <option value="never">Never</option>
                <option value="count">After a number of times</option>
                <option value="until">On a date</option>
              </select>
            </label>
            {rule.count !== undefined ? (
              <label className="field field-narrow">
                <span>Times</span>
                <input
                  type="number"
                  min={1}
                  value={rule.count}
                  onChange={(e) => {
                    const n = Number(e.target.value)
                    if (Number.isInteger(n) && n >= 1) emit({ ...rule, count: n })
                  }}
                />
              </label>
            ) : null}
            {rule.until?.kind === "date" ? (
              <label className="field">
                <span>Until</span>
                <input
                  type="date"
                  value={rule.until.date}
                  onChange={(e) => e.target.value && emit({ ...rule, until: { kind: "date", date: e.target.value } })}
                />
              </label>
            ) : null}
          </div>
          <label className="field">
            <span>RRULE</span>
            <input
              className="mono"
              value={text}
              spellCheck={false}
              aria-invalid={textError !== undefined}
              aria-describedby={`${id}-rrule-error`}
              onChange={(e) => setText(e.target.value)}
              onBlur={applyText}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault()
                  applyText()
                }
              }}
            />
          </label>
          <p id={`${id}-rrule-error`} className="field-error" role={textError ? "alert" : undefined}>
            {textError ?? ""}
          </p>
        </fieldset>
      ) : null}

      {value !== null ? (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={mode === "completion"}
              onChange={(e) => onChange({ rrule: value.rrule, mode: e.target.checked ? "completion" : "schedule" })}
            />
            Count from when I complete it (every!)
          </label>
          <p className="recurrence-words" data-testid="recurrence-words">
            {recurrenceLabel(value)}
          </p>
          {due === null ? (
            <p className="muted">Set a due date to see the next dates.</p>
          ) : (
            <div className="preview">
              <h4 id={`${id}-next`}>Next {preview.length === 1 ? "date" : `${preview.length} dates`}</h4>
              {preview.length === 0 ? <p className="muted">The series ends here.</p> : null}
              <ol className="next-dates" aria-labelledby={`${id}-next`} data-testid="next-dates">
                {preview.map((next, i) => (
                  <li key={i}>{formatDue(next, userZone).label}</li>
                ))}
              </ol>
            </div>
          )}
        </>
      ) : null}
    </div>
  )
}
