import { defineConfig } from "vitest/config"

// Fault tests drive a whole split stack of their own (ports +2000, state in /tmp, so a developer's
// stack on the default ports is untouched); one test at a time, each bounded by its own deadlines.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 420_000,
    hookTimeout: 600_000,
    env: {
      TICKLER_STACK_PORT_OFFSET: process.env["TICKLER_STACK_PORT_OFFSET"] ?? "2000",
      TICKLER_STACK_DIR: process.env["TICKLER_STACK_DIR"] ?? "/tmp/tickler-faults"
    }
  }
})
