import { defineConfig } from "vitest/config"

// The Dapr layers against a real daprd + Kafka + Scheduler + PostgreSQL (scripts/test-dapr.ts starts
// the infrastructure; the test starts its own sidecar). One file, one process: it is the Dapr app.
export default defineConfig({
  test: {
    include: ["test/dapr/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000
  }
})
