import DOMPurify from "dompurify"
import { marked } from "marked"
import { useMemo } from "react"

// User images get an empty alt unless they have one (decorative by default); links open in a new tab.
DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "IMG" && !node.hasAttribute("alt")) node.setAttribute("alt", "")
  if (node.tagName === "A" && node.hasAttribute("href")) {
    node.setAttribute("target", "_blank")
    node.setAttribute("rel", "noopener noreferrer")
  }
})

/** Markdown to HTML, then sanitised (no scripts, handlers or javascript: URLs) before it touches the DOM. */
export const renderMarkdown = (text: string): string =>
  DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true, breaks: true }), {
    USE_PROFILES: { html: true }
  })

export const Markdown = ({ text }: { readonly text: string }) => {
  const html = useMemo(() => renderMarkdown(text), [text])
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
}

export default Markdown
