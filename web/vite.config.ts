import react from "@vitejs/plugin-react"
import { defineConfig } from "vite"
import { bundleBudget } from "./build/bundleBudget.ts"

export default defineConfig({
  plugins: [react(), bundleBudget(200)],
  build: {
    target: "es2024",
    // The Effect runtime + schemas are one big chunk by nature; the budget plugin is the real check.
    chunkSizeWarningLimit: 700
  },
  server: {
    // `pnpm --filter @tickler/web dev`: the API of a running dev profile on the same origin.
    proxy: { "/api": "http://127.0.0.1:4100" }
  }
})
