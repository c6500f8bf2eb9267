import { useId, useState } from "react"

const allZones = (): ReadonlyArray<string> => {
  try {
    return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")]
  } catch {
    return ["UTC"]
  }
}

export const isKnownZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone })
    return zone.trim() !== ""
  } catch {
    return false
  }
}

/**
 * An IANA time zone input with suggestions (native datalist: keyboard and screen-reader friendly).
 * Calls `onChange` only with a zone the browser knows; otherwise says what is wrong.
 */
export const TimeZonePicker = ({
  label,
  value,
  onChange
}: {
  readonly label: string
  readonly value: string
  readonly onChange: (zone: string) => void
}) => {
  const id = useId()
  const [text, setText] = useState(value)
  const [error, setError] = useState<string | undefined>()
  const commit = (next: string) => {
    const zone = next.trim()
    if (zone === value) return setError(undefined)
    if (!isKnownZone(zone)) return setError(`“${zone}” is not a time zone. Pick one like Europe/Berlin.`)
    setError(undefined)
    // Canonical spelling ("europe/berlin" → "Europe/Berlin").
    const canonical = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone
    setText(canonical)
    onChange(canonical)
  }
  return (
    <div className="field">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        list={`${id}-zones`}
        value={text}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error !== undefined}
        aria-describedby={`${id}-error`}
        onChange={(e) => {
          setText(e.target.value)
          // Picking from the list fires change with a full zone name: take it at once.
          if (allZones().includes(e.target.value)) commit(e.target.value)
        }}
        onBlur={(e) => commit(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault()
            commit(e.currentTarget.value)
          }
        }}
      />
      <datalist id={`${id}-zones`}>
        {allZones().map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <p id={`${id}-error`} className="field-error" role={error ? "alert" : undefined}>
        {error ?? ""}
      </p>
    </div>
  )
}
