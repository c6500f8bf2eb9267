const browsers: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\//, "Opera"],
  [/\b(Firefox|FxiOS)\//, "Firefox"],
  [/\b(HeadlessChrome|Chrome|CriOS)\//, "Chrome"],
  [/\bChromium\//, "Chromium"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"]
]

const systems: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bWindows\b/, "Windows"],
  [/\b(iPhone|iPod)\b/, "iOS"],
  [/\biPad\b/, "iPadOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b/, "macOS"],
  [/\bLinux\b/, "Linux"]
]

const first = (list: ReadonlyArray<readonly [RegExp, string]>, text: string) =>
  list.find(([pattern]) => pattern.test(text))?.[1]

/**
 * A session's device as people name it ("Firefox on Windows"), from the User-Agent it signed in with.
 * Anything else (an API client, a script) is shown by its first product token ("curl/8.5.0").
 */
export const describeUserAgent = (userAgent: string | null): string => {
  const text = userAgent?.trim() ?? ""
  if (text === "") return "Unknown device"
  const browser = first(browsers, text)
  const system = first(systems, text)
  if (browser !== undefined && system !== undefined) return `${browser} on ${system}`
  return browser ?? system ?? text.split(/\s/)[0]!
}
