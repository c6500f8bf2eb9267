import { Schema } from "effect"
import { Temporal } from "temporal-polyfill"

// Zone names are few and checked on every encode of a task: remember the answers.
const knownZones = new Map<string, boolean>()

const isKnownZone = (zone: string): boolean => {
  let known = knownZones.get(zone)
  if (known === undefined) {
    try {
      Temporal.Now.zonedDateTimeISO(zone)
      known = true
    } catch {
      known = false
    }
    if (knownZones.size < 10_000) knownZones.set(zone, known)
  }
  return known
}

/** An IANA time zone name such as `Europe/Berlin` (or `UTC`). */
export const TimeZone = Schema.String.annotate({
  description: "an IANA time zone name (the server's tz database decides which exist)",
  examples: ["Europe/Berlin", "America/New_York", "UTC"]
})
  .check(
    // The shape of a zone name, which the OpenAPI document states (and which keeps out Temporal's
    // offsets such as +01:00); whether the zone exists is checked after it.
    Schema.isMaxLength(64, { message: "a time zone name is at most 64 characters" }),
    Schema.isPattern(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/u, {
      message: "an IANA time zone name, e.g. Europe/Berlin"
    }),
    Schema.makeFilter((zone: string) => isKnownZone(zone) || `unknown IANA time zone "${zone}"`)
  )
  .pipe(Schema.brand("TimeZone"))
export type TimeZone = typeof TimeZone.Type
