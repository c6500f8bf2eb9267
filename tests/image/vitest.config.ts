import { defineConfig } from "vitest/config"

// Runs the profiles from the assembled container image directory against the local stack.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000
  }
})
