import { CreateView, SavedView, UpdateView, ViewConflict, ViewId, ViewNotFound } from "@tickler/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"
import { InvalidInputProblem } from "./Problems.ts"

const idParams = { id: ViewId }

export class ViewsApi extends HttpApiGroup.make("views")
  .add(
    HttpApiEndpoint.get("list", "/", { success: Schema.Array(SavedView) }),
    HttpApiEndpoint.post("create", "/", {
      payload: CreateView,
      success: SavedView.pipe(HttpApiSchema.status(201)),
      error: [InvalidInputProblem, ViewConflict]
    }),
    HttpApiEndpoint.patch("update", "/:id", {
      params: idParams,
      payload: UpdateView,
      success: SavedView,
      error: [ViewNotFound, ViewConflict, InvalidInputProblem]
    }),
    HttpApiEndpoint.delete("remove", "/:id", {
      params: idParams,
      success: HttpApiSchema.NoContent,
      error: ViewNotFound
    })
  )
  .middleware(Authentication)
  .prefix("/views")
  .annotateMerge(
    OpenApi.annotations({
      title: "Views",
      description: "Saved filters: named filter-language queries in the user's order, shared across devices"
    })
  ) {}
