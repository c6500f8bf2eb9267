import type { AnchorHTMLAttributes } from "react"
import { navigate } from "../lib/router.ts"

/** A link to a route of the app: a real `href` (open in a new tab works), followed without a reload. */
export const Link = ({
  href,
  onClick,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { readonly href: string }) => (
  <a
    href={href}
    onClick={(event) => {
      onClick?.(event)
      // A modified click is the browser's (new tab or window).
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return
      event.preventDefault()
      navigate(href)
    }}
    {...rest}
  />
)
