import react from "@vitejs/plugin-react"
import { defineConfig } from "vitest/config"

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        test: {
          name: "components",
          include: ["test/components/**/*.test.tsx"],
          environment: "happy-dom",
          testTimeout: 20_000
        }
      },
      {
        test: {
          name: "browser",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/e2e/globalSetup.ts"],
          // One dev-profile server is shared; each file uses its own accounts.
          testTimeout: 120_000,
          hookTimeout: 120_000
        }
      }
    ]
  }
})
