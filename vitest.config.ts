import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/test/**/*.test.ts", "profiles/*/test/**/*.test.ts"],
          // against real sidecars: pnpm --filter @tickler/platform test:dapr
          exclude: ["packages/platform/test/dapr/**"],
          testTimeout: 60_000,
          hookTimeout: 120_000
        }
      },
      {
        // The API fuzzed from its OpenAPI document (pnpm test:fuzz, a step of the test command): apart
        // from `unit`, as it takes minutes.
        test: {
          name: "fuzz",
          include: ["packages/*/fuzz/**/*.test.ts"],
          testTimeout: 600_000,
          hookTimeout: 120_000
        }
      }
    ]
  }
})
