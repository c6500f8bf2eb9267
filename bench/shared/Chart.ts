// Small self-contained SVG charts for the benchmarks' results: plain strings, no dependency, no script,
// no external font or stylesheet, so a file renders the same in a browser, on GitHub and in an editor.

/** A drawn chart: SVG elements in its own coordinates, placed by `figure`. */
export interface Panel {
  readonly width: number
  readonly height: number
  readonly body: string
}

export interface Series {
  readonly name: string
  readonly points: ReadonlyArray<readonly [x: number, y: number]>
}

export interface LineChartOptions {
  readonly title: string
  readonly xLabel: string
  readonly yLabel: string
  readonly series: ReadonlyArray<Series>
  /** Latencies span decades (2 ms quiet, seconds overloaded): a log axis keeps both readable. */
  readonly logY?: boolean
  /** Horizontal reference lines, e.g. a latency limit. */
  readonly guides?: ReadonlyArray<{ readonly y: number; readonly label: string }>
  /** Single points drawn as a cross, e.g. a target (rate, p99). */
  readonly marks?: ReadonlyArray<{ readonly x: number; readonly y: number; readonly label: string }>
  readonly width?: number
  readonly height?: number
}

export interface BarChartOptions {
  readonly title: string
  readonly unit: string
  /** One row per group, one bar per series in it. */
  readonly groups: ReadonlyArray<{ readonly label: string; readonly values: ReadonlyArray<number> }>
  readonly seriesNames: ReadonlyArray<string>
  /** A vertical reference line, e.g. a target. */
  readonly guide?: { readonly value: number; readonly label: string }
  readonly width?: number
}

const colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]
const guideColor = "#7f7f7f"
const markColor = "#000000"

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

const number = (value: number) =>
  Math.abs(value) >= 100 ? String(Math.round(value)) : String(Number(value.toPrecision(3)))

const text = (x: number, y: number, content: string, attributes = "") =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escape(content)}</text>`

const line = (x1: number, y1: number, x2: number, y2: number, attributes: string) =>
  `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" ${attributes}/>`

interface Scale {
  readonly ticks: ReadonlyArray<number>
  /** Maps a value to 0…1 along the axis. */
  readonly at: (value: number) => number
}

const niceStep = (span: number, count: number) => {
  const raw = span / count
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  return ([1, 2, 5, 10].find((factor) => factor * magnitude >= raw) ?? 10) * magnitude
}

const linearScale = (max: number): Scale => {
  const step = niceStep(max > 0 ? max : 1, 5)
  const top = Math.ceil((max > 0 ? max : 1) / step) * step
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step)
  return { ticks, at: (value) => value / top }
}

const logScale = (min: number, max: number): Scale => {
  const low = Math.floor(Math.log10(Math.max(min, 0.01)))
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(max, 0.01))))
  const decades = Array.from({ length: high - low + 1 }, (_, i) => 10 ** (low + i))
  // 1-2-5 ticks while there is room for them, decades only beyond two.
  const ticks = high - low > 2 ? decades : decades.flatMap((d) => [d, 2 * d, 5 * d]).filter((t) => t <= 10 ** high)
  return { ticks, at: (value) => (Math.log10(Math.max(value, 10 ** low)) - low) / (high - low) }
}

/**
 * The panel's title, and its legend on the rows beneath (a swatch drawn at x, y, then the name), wrapped
 * to the panel's width; `bottom` is the last legend row's y, for the plot to start below it.
 */
const titleRow = (
  title: string,
  width: number,
  names: ReadonlyArray<string>,
  swatch: (i: number, x: number, y: number) => string
) => {
  let [x, y] = [52, 28]
  const legend = names.map((name, i) => {
    const itemWidth = name.length * 6 + 30
    if (x + itemWidth > width - 8 && x > 52) [x, y] = [52, y + 16]
    const item = swatch(i, x, y) + text(x + 16, y + 4, name)
    x += itemWidth
    return item
  })
  return { svg: `${text(8, 16, title, 'font-weight="bold" font-size="12"')}${legend.join("")}`, bottom: y }
}

/** Values against a numeric x axis (e.g. latency percentiles against offered rate), one line per series. */
export const lineChart = (options: LineChartOptions): Panel => {
  const width = options.width ?? 400
  const height = options.height ?? 240
  const legend = titleRow(
    options.title,
    width,
    options.series.map((s) => s.name),
    (i, x, y) => line(x, y, x + 12, y, `stroke="${colors[i % colors.length]}" stroke-width="2"`)
  )
  const plot = { left: 52, right: width - 14, top: legend.bottom + 16, bottom: height - 38 }
  const points = options.series.flatMap((s) => s.points)
  const ys = [...points.map(([, y]) => y), ...(options.guides ?? []).map((g) => g.y)]
  const xs = [...points.map(([x]) => x), ...(options.marks ?? []).map((m) => m.x)]
  const yScale = options.logY ? logScale(Math.min(...ys), Math.max(...ys)) : linearScale(Math.max(...ys))
  const xScale = linearScale(Math.max(...xs))
  const px = (x: number) => plot.left + xScale.at(x) * (plot.right - plot.left)
  const py = (y: number) => plot.bottom - yScale.at(y) * (plot.bottom - plot.top)

  const grid = [
    ...yScale.ticks.map(
      (t) =>
        line(plot.left, py(t), plot.right, py(t), 'stroke="#e5e5e5"') +
        text(plot.left - 4, py(t) + 3.5, number(t), 'text-anchor="end"')
    ),
    ...xScale.ticks.map((t) => text(px(t), plot.bottom + 14, number(t), 'text-anchor="middle"')),
    line(plot.left, plot.bottom, plot.right, plot.bottom, 'stroke="#333"'),
    line(plot.left, plot.top, plot.left, plot.bottom, 'stroke="#333"'),
    text((plot.left + plot.right) / 2, height - 8, options.xLabel, 'text-anchor="middle"'),
    text(
      12,
      (plot.top + plot.bottom) / 2,
      options.yLabel,
      `text-anchor="middle" transform="rotate(-90 12 ${(plot.top + plot.bottom) / 2})"`
    )
  ]
  const guides = (options.guides ?? []).map(
    (g) =>
      line(plot.left, py(g.y), plot.right, py(g.y), `stroke="${guideColor}" stroke-dasharray="5 4"`) +
      text(plot.right - 2, py(g.y) - 3, g.label, `text-anchor="end" fill="${guideColor}"`)
  )
  const lines = options.series.map((s, i) => {
    const path = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ")
    // dots only where there are few points (a sweep's steps), not on a time series
    const dots =
      s.points.length > 30
        ? []
        : s.points.map(([x, y]) => `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="2.5"/>`)
    return `<g stroke="${colors[i % colors.length]}" fill="${colors[i % colors.length]}"><polyline points="${path}" fill="none" stroke-width="1.5"/>${dots.join("")}</g>`
  })
  const marks = (options.marks ?? []).map(({ x, y, label }) => {
    const [cx, cy] = [px(x), py(y)]
    return (
      `<path d="M${cx - 5},${cy - 5}L${cx + 5},${cy + 5}M${cx - 5},${cy + 5}L${cx + 5},${cy - 5}" stroke="${markColor}" stroke-width="1.5"/>` +
      // the label on the side with room for it
      (cx > plot.right - 60 ? text(cx - 7, cy + 12, label, 'text-anchor="end"') : text(cx + 7, cy + 12, label))
    )
  })
  return { width, height, body: [legend.svg, ...grid, ...guides, ...lines, ...marks].join("\n") }
}

/** A dashed vertical line at x with its label above, on the side with room for it. */
const verticalGuide = (x: number, plot: { top: number; bottom: number; right: number }, label: string) =>
  line(x, plot.top - 4, x, plot.bottom, `stroke="${guideColor}" stroke-dasharray="5 4"`) +
  (x > plot.right - 80
    ? text(x - 3, plot.top - 6, label, `text-anchor="end" fill="${guideColor}"`)
    : text(x + 3, plot.top - 6, label, `fill="${guideColor}"`))

/** Horizontal bars, one row per group (e.g. CPU ms per request per scenario, server and database). */
export const barChart = (options: BarChartOptions): Panel => {
  const width = options.width ?? 400
  const labelWidth = Math.max(...options.groups.map((g) => g.label.length)) * 6.2 + 16
  const barHeight = 12
  const rowHeight = options.seriesNames.length * barHeight + 8
  const legend = titleRow(
    options.title,
    width,
    options.seriesNames.length > 1 ? options.seriesNames : [],
    (i, x, y) => `<rect x="${x}" y="${y - 5}" width="12" height="10" fill="${colors[i % colors.length]}"/>`
  )
  const top = options.seriesNames.length > 1 ? legend.bottom + 24 : 36
  const plot = { left: labelWidth, right: width - 50, top, bottom: top + options.groups.length * rowHeight }
  const height = plot.bottom + 34
  const values = [...options.groups.flatMap((g) => g.values), options.guide?.value ?? 0]
  const scale = linearScale(Math.max(...values.filter(Number.isFinite)))
  const px = (value: number) => plot.left + scale.at(value) * (plot.right - plot.left)

  const axis = [
    ...scale.ticks.map(
      (t) =>
        line(px(t), plot.top, px(t), plot.bottom, 'stroke="#e5e5e5"') +
        text(px(t), plot.bottom + 14, number(t), 'text-anchor="middle"')
    ),
    line(plot.left, plot.top, plot.left, plot.bottom, 'stroke="#333"'),
    text((plot.left + plot.right) / 2, height - 8, options.unit, 'text-anchor="middle"')
  ]
  const rows = options.groups.map((group, g) => {
    const top = plot.top + g * rowHeight + 4
    const bars = group.values.map((value, i) => {
      const y = top + i * barHeight
      const shown = Number.isFinite(value) ? Math.max(0, value) : 0
      return (
        `<rect x="${plot.left}" y="${y}" width="${(px(shown) - plot.left).toFixed(1)}" height="${barHeight - 2}" fill="${colors[i % colors.length]}"/>` +
        text(px(shown) + 3, y + barHeight - 3, Number.isFinite(value) ? number(value) : "n/a")
      )
    })
    return text(plot.left - 6, top + (rowHeight - 8) / 2 + 4, group.label, 'text-anchor="end"') + bars.join("")
  })
  const guide = options.guide ? verticalGuide(px(options.guide.value), plot, options.guide.label) : ""
  return { width, height, body: [legend.svg, ...axis, ...rows, guide].join("\n") }
}

/** Splits a caption line at spaces into lines of at most `columns` characters. */
const wrap = (sentence: string, columns: number): ReadonlyArray<string> =>
  sentence.split(" ").reduce<Array<string>>((lines, word) => {
    const last = lines.at(-1)
    if (last !== undefined && last.length + word.length + 1 <= columns) lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
    return lines
  }, [])

/** A whole SVG document: a title, the panels in a grid, and caption lines (machine, load) beneath. */
export const figure = (options: {
  readonly title: string
  readonly panels: ReadonlyArray<Panel>
  readonly columns: number
  readonly caption: ReadonlyArray<string>
}): string => {
  const rows: Array<ReadonlyArray<Panel>> = []
  for (let i = 0; i < options.panels.length; i += options.columns)
    rows.push(options.panels.slice(i, i + options.columns))
  const width = Math.max(...rows.map((row) => row.reduce((sum, p) => sum + p.width, 0)))
  let y = 30
  const placed = rows.flatMap((row) => {
    let x = 0
    const groups = row.map((panel) => {
      const group = `<g transform="translate(${x} ${y})">${panel.body}</g>`
      x += panel.width
      return group
    })
    y += Math.max(...row.map((p) => p.height))
    return groups
  })
  const captionLines = options.caption
    .flatMap((sentence) => wrap(sentence, Math.floor(width / 6)))
    .map((content, i) => text(8, y + 16 + i * 14, content, 'fill="#555"'))
  const height = y + 12 + captionLines.length * 14
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    text(8, 20, options.title, 'font-weight="bold" font-size="14"'),
    ...placed,
    ...captionLines,
    "</svg>",
    ""
  ].join("\n")
}
