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
      }
    ]
  }
})
