import type { Prometheus, PromSeries } from "./Prometheus.ts"

/** The parts of a Grafana dashboard JSON (helm/tickler/files/dashboards) a snapshot draws. */
export interface Dashboard {
  readonly title: string
  readonly panels: ReadonlyArray<{
    readonly title: string
    readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number }
    readonly fieldConfig: { readonly defaults: { readonly unit?: string } }
    readonly targets: ReadonlyArray<{ readonly expr: string; readonly legendFormat?: string }>
  }>
}

export interface SnapshotOptions {
  readonly start: Date
  readonly end: Date
  /**
   * Replaces the queries' rate windows (`[5m]`, `[1h]`): a run of a minute or two has no five-minute
   * history, so the dashboards' own windows would draw only ramps.
   */
  readonly window: string
  /** Printed under the title: what was running. */
  readonly caption: string
}

export interface Snapshot {
  readonly svg: string
  /** How many series each panel drew, by panel title: a panel with none is broken or saw nothing. */
  readonly seriesPerPanel: Record<string, number>
}

const COLUMN = 50
const ROW = 28
const HEADER = 56
const PALETTE = ["#7eb26d", "#eab839", "#6ed0e0", "#ef843c", "#e24d42", "#1f78c1", "#ba43a9", "#705da0", "#508642"]

const escape = (text: string) => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)

const formatValue = (unit: string | undefined, value: number): string => {
  const short = (v: number) =>
    Math.abs(v) >= 1e6
      ? `${+(v / 1e6).toFixed(1)}M`
      : Math.abs(v) >= 1e3
        ? `${+(v / 1e3).toFixed(1)}k`
        : `${+v.toPrecision(3)}`
  switch (unit) {
    case "s":
      return value < 1 ? `${+(value * 1000).toPrecision(3)} ms` : `${+value.toPrecision(3)} s`
    case "bytes":
      return `${+(value / 2 ** 20).toPrecision(3)} MiB`
    case "percentunit":
      return `${+(value * 100).toPrecision(3)}%`
    case "reqps":
      return `${short(value)} req/s`
    case "ops":
      return `${short(value)}/s`
    default:
      return short(value)
  }
}

/** 0 and four gridlines up to a round maximum at or above `max`. */
const ticks = (max: number): Array<number> => {
  if (!(max > 0)) return [0, 0.25, 0.5, 0.75, 1]
  const rough = max / 4
  const magnitude = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!
  return [0, 1, 2, 3, 4].map((i) => i * step)
}

const legend = (format: string | undefined, metric: Record<string, string>) =>
  (format ?? JSON.stringify(metric)).replace(/\{\{\s*(\w+)\s*\}\}/g, (_, label: string) => metric[label] ?? "").trim()

const clock = (seconds: number) => new Date(seconds * 1000).toISOString().slice(11, 19)

const drawPanel = (
  panel: Dashboard["panels"][number],
  series: ReadonlyArray<{ readonly name: string; readonly series: PromSeries }>,
  options: SnapshotOptions
): string => {
  const x = panel.gridPos.x * COLUMN + 4
  const y = HEADER + panel.gridPos.y * ROW + 4
  const width = panel.gridPos.w * COLUMN - 8
  const height = panel.gridPos.h * ROW - 8
  const unit = panel.fieldConfig.defaults.unit
  const plot = { left: x + 72, top: y + 30, right: x + width - 12, bottom: y + height - 58 }
  const from = options.start.getTime() / 1000
  const to = options.end.getTime() / 1000
  const finite = series.flatMap(({ series }) => series.values.map(([, v]) => v)).filter(Number.isFinite)
  const scale = ticks(Math.max(0, ...finite))
  const top = scale[scale.length - 1]!
  const px = (at: number) => plot.left + ((at - from) / (to - from)) * (plot.right - plot.left)
  const py = (value: number) => plot.bottom - (value / top) * (plot.bottom - plot.top)
  const parts = [
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="3" fill="#181b1f" stroke="#2c3235"/>`,
    `<text x="${x + 10}" y="${y + 19}" class="title">${escape(panel.title)}</text>`
  ]
  for (const value of scale) {
    parts.push(
      `<line x1="${plot.left}" x2="${plot.right}" y1="${py(value)}" y2="${py(value)}" class="grid"/>`,
      `<text x="${plot.left - 6}" y="${py(value) + 4}" class="axis" text-anchor="end">${escape(formatValue(unit, value))}</text>`
    )
  }
  for (const at of [0, 1, 2, 3].map((i) => from + (i * (to - from)) / 3)) {
    parts.push(`<text x="${px(at)}" y="${plot.bottom + 15}" class="axis" text-anchor="middle">${clock(at)}</text>`)
  }
  if (series.length === 0) {
    parts.push(
      `<text x="${(plot.left + plot.right) / 2}" y="${(plot.top + plot.bottom) / 2}" class="empty">No data</text>`
    )
  }
  // The legend in up to two rows under the plot; what does not fit is left out.
  let legendX = plot.left
  let legendY = plot.bottom + 26
  series.forEach(({ name, series: { values } }, index) => {
    const colour = PALETTE[index % PALETTE.length]!
    // A gap (NaN: no rate yet, a quantile of nothing) breaks the line rather than dropping to zero.
    const path = values
      .map(([at, v], i) =>
        Number.isFinite(v)
          ? `${i > 0 && Number.isFinite(values[i - 1]![1]) ? "L" : "M"}${px(at).toFixed(1)},${py(v).toFixed(1)}`
          : ""
      )
      .join("")
    parts.push(`<path d="${path}" fill="none" stroke="${colour}" stroke-width="1.5"/>`)
    const label = name.length > 36 ? `${name.slice(0, 35)}…` : name || "(value)"
    const labelWidth = 26 + label.length * 6.2
    if (legendX + labelWidth > plot.right && legendY === plot.bottom + 26) {
      legendX = plot.left
      legendY += 14
    }
    if (legendX + labelWidth <= plot.right) {
      parts.push(
        `<rect x="${legendX}" y="${legendY}" width="10" height="3" fill="${colour}"/>`,
        `<text x="${legendX + 14}" y="${legendY + 5}" class="legend">${escape(label)}</text>`
      )
    }
    legendX += labelWidth
  })
  return parts.join("\n")
}

/**
 * Draws a dashboard as an SVG from what a real Prometheus scraped: each panel's queries over the run,
 * laid out on the dashboard's own grid, so the docs show the dashboards as they look on real series.
 */
export const snapshotDashboard = async (
  prometheus: Prometheus,
  dashboard: Dashboard,
  options: SnapshotOptions
): Promise<Snapshot> => {
  const step = Math.max(1, Math.round((options.end.getTime() - options.start.getTime()) / 1000 / 240))
  const seriesPerPanel: Record<string, number> = {}
  const panels = await Promise.all(
    dashboard.panels.map(async (panel) => {
      const series = (
        await Promise.all(
          panel.targets.map(async (target) => {
            const expr = target.expr.replaceAll("$namespace", ".*").replace(/\[\d+[smhd]\]/g, `[${options.window}]`)
            const result = await prometheus.queryRange(expr, options.start, options.end, step)
            return result.map((series) => ({ name: legend(target.legendFormat, series.metric), series }))
          })
        )
      ).flat()
      seriesPerPanel[panel.title] = series.length
      return drawPanel(panel, series, options)
    })
  )
  const width = 24 * COLUMN
  const height = HEADER + Math.max(...dashboard.panels.map((p) => p.gridPos.y + p.gridPos.h)) * ROW + 8
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Inter, Helvetica, Arial, sans-serif">
<style>.title{fill:#ccccdc;font-size:13px;font-weight:600}.axis{fill:#8e8e8e;font-size:10px}.legend{fill:#ccccdc;font-size:10px}.grid{stroke:#2c3235}.empty{fill:#8e8e8e;font-size:12px;text-anchor:middle}</style>
<rect width="100%" height="100%" fill="#111217"/>
<text x="10" y="24" fill="#ccccdc" font-size="17" font-weight="600">${escape(dashboard.title)}</text>
<text x="10" y="44" fill="#8e8e8e" font-size="11">${escape(options.caption)}</text>
${panels.join("\n")}
</svg>
`
  return { svg, seriesPerPanel }
}
