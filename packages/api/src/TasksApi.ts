import {
  CreateTask,
  PlainDateString,
  ParsedQuickAdd,
  Priority,
  TaskId,
  TaskNotFound,
  Task,
  TaskStatus,
  UpdateTask
} from "@tickler/domain"
import { isCharacters, MAX_FILTER_LENGTH, noNul, Text, TrimmedText } from "@tickler/domain"
import { Schema, SchemaTransformation } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"
import { PageCursor, PageLimit } from "./Params.ts"
import { InvalidInputProblem } from "./Problems.ts"

/**
 * `a,b,c` in a query string, decoded item by item so errors name the bad item; `shape` is the whole
 * string's rule, which the OpenAPI document states.
 */
const CommaSeparated = <S extends Schema.Top & { readonly DecodingServices: never; readonly EncodingServices: never }>(
  item: S,
  shape: Schema.Codec<string>
) =>
  shape.pipe(
    Schema.decodeTo(
      Schema.Array(item),
      SchemaTransformation.transform<ReadonlyArray<S["Encoded"]>, string>({
        decode: (text) =>
          text
            .split(",")
            .map((part) => part.trim())
            .filter((part) => part.length > 0),
        encode: (items) => items.join(",")
      })
    )
  )

const PlainDate = PlainDateString

export const TaskSort = Schema.Literals(["created", "updated", "due", "priority", "title", "completed", "relevance"])
export type TaskSort = typeof TaskSort.Type

/** Tag names, comma-separated: what a tag may not contain (`,` separates them), at most one task's worth. */
const TagListParam = Text(2_000, "a tag list is at most 2000 characters")

export const DuePreset = Schema.Literals(["overdue", "today", "tomorrow", "next7", "none"])

export const ListTasksQuery = {
  filter: Schema.optionalKey(
    Text(MAX_FILTER_LENGTH, `a filter is at most ${MAX_FILTER_LENGTH} characters`).annotate({
      description: "Filter query, e.g. `(today | overdue) & priority >= high & #work`",
      examples: ["(today | overdue) & priority >= high & #work"]
    })
  ),
  q: Schema.optionalKey(TrimmedText(200, "search text is 1–200 characters, not blank")),
  status: Schema.optionalKey(Schema.Literals(["open", "completed", "all"])),
  priority: Schema.optionalKey(
    CommaSeparated(
      Priority,
      Schema.String.check(
        Schema.isPattern(/^\s*(none|low|medium|high|urgent)?\s*(,\s*(none|low|medium|high|urgent)?\s*)*$/u, {
          message: "priority is a comma-separated list of none, low, medium, high, urgent"
        })
      )
    )
  ),
  tags: Schema.optionalKey(CommaSeparated(Schema.String, TagListParam)),
  tagMode: Schema.optionalKey(Schema.Literals(["any", "all"])),
  notTags: Schema.optionalKey(CommaSeparated(Schema.String, TagListParam)),
  due: Schema.optionalKey(DuePreset),
  dueFrom: Schema.optionalKey(PlainDate),
  dueTo: Schema.optionalKey(PlainDate),
  recurring: Schema.optionalKey(Schema.Literals(["true", "false"])),
  createdFrom: Schema.optionalKey(PlainDate),
  createdTo: Schema.optionalKey(PlainDate),
  completedFrom: Schema.optionalKey(PlainDate),
  completedTo: Schema.optionalKey(PlainDate),
  sort: Schema.optionalKey(TaskSort),
  order: Schema.optionalKey(Schema.Literals(["asc", "desc"])),
  limit: Schema.optionalKey(PageLimit),
  cursor: Schema.optionalKey(PageCursor)
}
export type ListTasksQuery = {
  readonly [K in keyof typeof ListTasksQuery]?: Exclude<(typeof ListTasksQuery)[K]["Type"], undefined>
}

/** Search matches with `<mark>` around the matched words (HTML-escaped otherwise). */
export const Highlight = Schema.Struct({ title: Schema.String, description: Schema.String })

export class TaskListItem extends Schema.Class<TaskListItem>("tickler/api/TaskListItem")({
  ...Task.fields,
  highlight: Schema.optionalKey(Highlight)
}) {}

export class TaskPage extends Schema.Class<TaskPage>("tickler/api/TaskPage")({
  items: Schema.Array(TaskListItem),
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: Schema.NullOr(Schema.String)
}) {}

const idParams = { id: TaskId }

export class TasksApi extends HttpApiGroup.make("tasks")
  .add(
    HttpApiEndpoint.get("list", "/", { query: ListTasksQuery, success: TaskPage, error: InvalidInputProblem }),
    HttpApiEndpoint.post("create", "/", {
      payload: CreateTask,
      success: Task.pipe(HttpApiSchema.status(201)),
      error: InvalidInputProblem
    }),
    HttpApiEndpoint.post("parse", "/parse", {
      // As typed, not trimmed: the parse's tokens point into it.
      payload: Schema.Struct({
        text: Schema.String.check(isCharacters(1, 2_000, "quick-add text is 1–2000 characters"), noNul)
      }),
      success: ParsedQuickAdd
    }),
    HttpApiEndpoint.get("get", "/:id", { params: idParams, success: Task, error: TaskNotFound }),
    HttpApiEndpoint.patch("update", "/:id", {
      params: idParams,
      payload: UpdateTask,
      success: Task,
      error: [TaskNotFound, InvalidInputProblem]
    }),
    HttpApiEndpoint.delete("remove", "/:id", {
      params: idParams,
      success: HttpApiSchema.NoContent,
      error: TaskNotFound
    }),
    HttpApiEndpoint.post("complete", "/:id/complete", { params: idParams, success: Task, error: TaskNotFound }),
    HttpApiEndpoint.post("reopen", "/:id/reopen", { params: idParams, success: Task, error: TaskNotFound })
  )
  .middleware(Authentication)
  .prefix("/tasks")
  .annotateMerge(OpenApi.annotations({ title: "Tasks", description: "Create, find, change and complete tasks" })) {}

export { TaskStatus }
