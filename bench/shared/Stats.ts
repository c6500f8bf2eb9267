// Percentiles of measured samples (latencies, lateness), nearest-rank on a sorted copy.

export const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

/** A figure rounded for a table or a JSON file: whole above 100, otherwise 3 significant digits. */
export const round = (value: number): number =>
  !Number.isFinite(value) || Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(3))

export interface Distribution {
  readonly count: number
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly max: number
}

/** Count, percentiles and maximum of the samples, each rounded as `round` does. */
export const distribution = (samples: ReadonlyArray<number>): Distribution => {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? NaN)
  }
}
