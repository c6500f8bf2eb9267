import { TagConflict, TagName, TagNotFound, TagWithCount } from "@tickler/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"
import { TagNameParam } from "./Params.ts"

const nameParams = { name: TagNameParam }

export class TagsApi extends HttpApiGroup.make("tags")
  .add(
    HttpApiEndpoint.get("list", "/", { success: Schema.Array(TagWithCount) }),
    HttpApiEndpoint.patch("rename", "/:name", {
      params: nameParams,
      payload: Schema.Struct({ name: TagName }),
      success: TagWithCount,
      error: [TagNotFound, TagConflict]
    }),
    HttpApiEndpoint.delete("remove", "/:name", {
      params: nameParams,
      success: HttpApiSchema.NoContent,
      error: TagNotFound
    })
  )
  .middleware(Authentication)
  .prefix("/tags")
  .annotateMerge(
    OpenApi.annotations({ title: "Tags", description: "Tags with counts; rename and delete across all tasks" })
  ) {}
