import type { ReactNode } from "react"

const entities: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'" }
const unescape = (text: string) => text.replace(/&(?:lt|gt|amp|quot|#39);/g, (entity) => entities[entity] ?? entity)

/**
 * The server's search highlight ("Water <mark>plants</mark>", the rest HTML-escaped) as React nodes.
 * It is never handed to innerHTML: `<mark>` is the only markup we honour, everything else is text.
 */
export const Highlighted = ({ html }: { readonly html: string }): ReactNode =>
  html
    .split(/(<mark>[\s\S]*?<\/mark>)/g)
    .map((part, i) =>
      part.startsWith("<mark>") && part.endsWith("</mark>") ? (
        <mark key={i}>{unescape(part.slice(6, -7))}</mark>
      ) : (
        unescape(part)
      )
    )

export const hasMark = (html: string) => html.includes("<mark>")
