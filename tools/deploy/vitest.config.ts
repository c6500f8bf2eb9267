import { defineConfig } from "vitest/config"

// The chart's logic (values → manifests) through `helm template`, on the validators of
// scripts/deploy-tools.sh (PATH set by `pnpm --filter @tickler/deploy test`'s validate step).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
})
