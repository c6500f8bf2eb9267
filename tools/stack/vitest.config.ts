import { defineConfig } from "vitest/config"

// Runtime proof tests: they need the real stack (`pnpm stack up`), and some restart shared
// processes (Scheduler, a sidecar), so files run one at a time.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    reporters: ["default"]
  }
})
