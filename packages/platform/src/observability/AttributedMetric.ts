import { Metric } from "effect"

/**
 * `metric` under a set of attributes, made once per distinct set (the attribute keys of one call site
 * are always the same): the per-event and per-request paths reuse it instead of building it each time.
 */
export const attributed = <Input, State>(metric: Metric.Metric<Input, State>) => {
  const made = new Map<string, Metric.Metric<Input, State>>()
  return (attributes: Readonly<Record<string, string>>): Metric.Metric<Input, State> => {
    const key = Object.values(attributes).join("\u0000")
    let found = made.get(key)
    if (found === undefined) {
      found = Metric.withAttributes(metric, attributes)
      made.set(key, found)
    }
    return found
  }
}
