import type { Effect } from "effect"
import { useEffect, useState } from "react"
import { api, type TicklerClient } from "./client.ts"

/**
 * The answer of one read while the component is mounted, read again on `reload` (the previous value
 * stays on screen meanwhile). `call` is read once per load: pass the same request every render.
 */
export const useApiValue = <A, E>(call: (client: TicklerClient) => Effect.Effect<A, E>) => {
  const [loads, setLoads] = useState(0)
  const [state, setState] = useState<{ readonly value?: A; readonly error?: string }>({})
  useEffect(() => {
    const controller = new AbortController()
    api(call, { signal: controller.signal }).then(
      (value) => setState({ value }),
      (error: unknown) =>
        !controller.signal.aborted && setState({ error: error instanceof Error ? error.message : String(error) })
    )
    return () => controller.abort()
  }, [loads])
  return { ...state, reload: () => setLoads((n) => n + 1) }
}
