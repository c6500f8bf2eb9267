/**
 * Starts the real `dev` profile serving the built web app, for all browser tests.
 * TICKLER_E2E_BASE_URL points the tests at a server already running.
 */
import type { TestProject } from "vitest/node"
import { startDevProfile } from "./devProfile.ts"

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string
  }
}

export default async function setup(project: TestProject) {
  const external = process.env["TICKLER_E2E_BASE_URL"]
  if (external) {
    project.provide("baseUrl", external.replace(/\/$/, ""))
    return
  }
  const profile = await startDevProfile()
  project.provide("baseUrl", profile.baseUrl)
  return profile.stop
}
