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
export const TimeZone = Schema.String.annotate({ description: "an IANA time zone, e.g. Europe/Berlin" })
  .check(Schema.makeFilter((zone: string) => isKnownZone(zone) || `unknown IANA time zone "${zone}"`))
  .pipe(Schema.brand("TimeZone"))
export type TimeZone = typeof TimeZone.Type
