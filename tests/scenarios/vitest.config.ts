import { defineConfig } from "vitest/config"

// Scenario suites start whole topologies (processes, sidecars): one file at a time, generous timeouts.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000
  }
})
