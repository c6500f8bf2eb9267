const escapeHtml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")

/**
 * Wraps in `<mark>` every word that starts with one of `stems` (search lexemes, lowercased) and
 * HTML-escapes the rest. PostgreSQL's `ts_headline` misses prefix matches, hence this.
 * With `fragment`, returns only a window of about that many characters around the first match
 * (empty when nothing matches).
 */
export const highlight = (text: string, stems: ReadonlyArray<string>, fragment?: number): string => {
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)]
  const hits = words.filter((word) => stems.some((stem) => word[0].toLowerCase().startsWith(stem)))
  let start = 0
  let end = text.length
  if (fragment !== undefined) {
    const first = hits[0]
    if (first === undefined) return ""
    start = Math.max(0, first.index - Math.floor(fragment / 3))
    end = Math.min(text.length, start + fragment)
  }
  let out = start > 0 ? "…" : ""
  let at = start
  for (const hit of hits) {
    if (hit.index < start || hit.index + hit[0].length > end) continue
    out += `${escapeHtml(text.slice(at, hit.index))}<mark>${escapeHtml(hit[0])}</mark>`
    at = hit.index + hit[0].length
  }
  return out + escapeHtml(text.slice(at, end)) + (end < text.length ? "…" : "")
}

/** The lexemes of a `tsquery`'s text form, e.g. `'meditat':* & 'run':*` → meditat, run. */
export const tsQueryLexemes = (tsQueryText: string): Array<string> =>
  [...tsQueryText.matchAll(/'([^']+)'/g)].map((match) => match[1]!.toLowerCase())
