import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiMiddleware, HttpApiSchema, OpenApi } from "effect/http-api"
import { AccountApi } from "./AccountApi.ts"
import { ActivityApi } from "./ActivityApi.ts"
import { AuthApi } from "./AuthApi.ts"
import { ChatApi } from "./ChatApi.ts"
import { NotificationsApi } from "./NotificationsApi.ts"
import { SettingsApi } from "./SettingsApi.ts"
import { TagsApi } from "./TagsApi.ts"
import { TasksApi } from "./TasksApi.ts"
import { ViewsApi } from "./ViewsApi.ts"

export class SystemApi extends HttpApiGroup.make("system", { topLevel: true }).add(
  HttpApiEndpoint.get("health", "/health", { success: HttpApiSchema.NoContent })
) {}

/** The whole Tickler REST API: served by the profiles, and the source of the typed client. */
export class TicklerApi extends HttpApi.make("tickler")
  .add(AuthApi)
  .add(AccountApi)
  .add(TasksApi)
  .add(TagsApi)
  .add(ViewsApi)
  .add(ActivityApi)
  .add(SettingsApi)
  .add(NotificationsApi)
  .add(ChatApi)
  .add(SystemApi)
  .prefix("/api")
  .middleware(HttpApiMiddleware.ProblemDetails)
  .annotateMerge(OpenApi.annotations({ title: "Tickler API", version: "0.1.0" }))
  // What the OpenAPI document says (additionalProperties: false): an unknown field is a 400 naming it, not
  // silently dropped (a misspelt "titel" would otherwise change nothing and answer 200).
  .annotate(HttpApi.PayloadParseOptions, { onExcessProperty: "error" }) {}

/** The chat assistant alone, as the split topology's `assistant` process serves it (same paths, same schemas). */
export class AssistantApi extends HttpApi.make("tickler-assistant")
  .add(ChatApi)
  .add(SystemApi)
  .prefix("/api")
  .middleware(HttpApiMiddleware.ProblemDetails)
  .annotateMerge(OpenApi.annotations({ title: "Tickler assistant API", version: "0.1.0" }))
  .annotate(HttpApi.PayloadParseOptions, { onExcessProperty: "error" }) {}
