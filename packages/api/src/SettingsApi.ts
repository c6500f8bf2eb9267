import { UpdateSettings, UserSettings } from "@tickler/domain"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"
import { InvalidInputProblem } from "./Problems.ts"

export class SettingsApi extends HttpApiGroup.make("settings")
  .add(
    HttpApiEndpoint.get("get", "/", { success: UserSettings }),
    HttpApiEndpoint.patch("update", "/", {
      payload: UpdateSettings,
      success: UserSettings,
      // `channels` with email before the address is verified
      error: InvalidInputProblem
    })
  )
  .middleware(Authentication)
  .prefix("/settings")
  .annotateMerge(
    OpenApi.annotations({ title: "Settings", description: "Time zone, notification channels, quiet hours" })
  ) {}
