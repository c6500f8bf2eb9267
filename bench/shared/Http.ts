// The benchmarks' own calls to the REST API (sign-ups, setup, polling): plain fetch with a bearer token; and
// their progress log.

export const log = (message: string): void => console.log(`[bench] ${message}`)

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))

/** Calls `base` + `path` and returns the parsed JSON answer; a non-2xx answer is an error naming it. */
export const call = async (base: string, method: string, path: string, token?: string, body?: unknown) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {})
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`)
  return text ? JSON.parse(text) : undefined
}

/** True when something answers HTTP at `base`/health. */
export const isUp = async (base: string): Promise<boolean> => {
  try {
    await fetch(`${base}/health`)
    return true
  } catch {
    return false
  }
}

/** Waits until `base`/health answers; fails after `seconds` or as soon as `exited()` says the server died. */
export const waitUntilUp = async (base: string, seconds: number, exited: () => boolean): Promise<void> => {
  for (const deadline = Date.now() + seconds * 1000; !(await isUp(base)); await sleep(200)) {
    if (exited()) throw new Error(`the server for ${base} exited before it answered`)
    if (Date.now() > deadline) throw new Error(`${base} did not answer within ${seconds} s`)
  }
}
