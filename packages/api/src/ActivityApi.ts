import { ActivityPage, TaskId } from "@tickler/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"

const PageQuery = {
  cursor: Schema.optionalKey(Schema.String),
  limit: Schema.optionalKey(
    Schema.NumberFromString.check(
      Schema.isInt(),
      Schema.isBetween({ minimum: 1, maximum: 200 }, { message: "limit is 1–200" })
    )
  )
}

export class ActivityApi extends HttpApiGroup.make("activity")
  .add(
    HttpApiEndpoint.get("forTask", "/tasks/:id/activity", {
      params: { id: TaskId },
      query: PageQuery,
      success: ActivityPage
    }),
    HttpApiEndpoint.get("all", "/activity", { query: PageQuery, success: ActivityPage })
  )
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Activity", description: "The append-only log of every task change" })) {}
