import { ActivityPage, TaskId } from "@tickler/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"
import { PageCursor, PageLimit } from "./Params.ts"

const PageQuery = { cursor: Schema.optionalKey(PageCursor), limit: Schema.optionalKey(PageLimit) }

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
