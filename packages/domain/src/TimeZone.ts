import { Schema } from "effect"
import { Temporal } from "temporal-polyfill"

const isKnownZone = (zone: string): boolean => {
  try {
    Temporal.Now.zonedDateTimeISO(zone)
    return true
  } catch {
    return false
  }
}

/** An IANA time zone name such as `Europe/Berlin` (or `UTC`). */
export const TimeZone = Schema.String.check(
  Schema.makeFilter((zone: string) => isKnownZone(zone) || `unknown IANA time zone "${zone}"`)
).pipe(Schema.brand("TimeZone"))
export type TimeZone = typeof TimeZone.Type
