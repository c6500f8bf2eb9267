import { Schema } from "effect"

export class TaskNotFound extends Schema.TaggedError<TaskNotFound>()(
  "TaskNotFound",
  { taskId: Schema.String, message: Schema.String },
  { httpApiStatus: 404 }
) {
  static of(taskId: string) {
    return new TaskNotFound({ taskId, message: `no task ${taskId}` })
  }
}

export class TagNotFound extends Schema.TaggedError<TagNotFound>()(
  "TagNotFound",
  { name: Schema.String, message: Schema.String },
  { httpApiStatus: 404 }
) {
  static of(name: string) {
    return new TagNotFound({ name, message: `no tag "${name}"` })
  }
}

export class TagConflict extends Schema.TaggedError<TagConflict>()(
  "TagConflict",
  { name: Schema.String, message: Schema.String },
  { httpApiStatus: 409 }
) {
  static of(name: string) {
    return new TagConflict({ name, message: `a tag "${name}" already exists` })
  }
}

export class ViewNotFound extends Schema.TaggedError<ViewNotFound>()(
  "ViewNotFound",
  { viewId: Schema.String, message: Schema.String },
  { httpApiStatus: 404 }
) {
  static of(viewId: string) {
    return new ViewNotFound({ viewId, message: `no view ${viewId}` })
  }
}

export class ViewConflict extends Schema.TaggedError<ViewConflict>()(
  "ViewConflict",
  { name: Schema.String, message: Schema.String },
  { httpApiStatus: 409 }
) {
  static of(name: string) {
    return new ViewConflict({ name, message: `a view "${name}" already exists` })
  }
}

/**
 * Input that is well-formed but breaks a rule spanning several fields or the stored state
 * (e.g. a relative reminder on a task without a due date). `field` is a JSON path into the body.
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()(
  "InvalidInput",
  { field: Schema.String, message: Schema.String },
  { httpApiStatus: 422 }
) {}

export class Unauthorized extends Schema.TaggedError<Unauthorized>()(
  "Unauthorized",
  { message: Schema.String },
  { httpApiStatus: 401 }
) {}

export class ConversationNotFound extends Schema.TaggedError<ConversationNotFound>()(
  "ConversationNotFound",
  { conversationId: Schema.String, message: Schema.String },
  { httpApiStatus: 404 }
) {
  static of(conversationId: string) {
    return new ConversationNotFound({ conversationId, message: `no conversation ${conversationId}` })
  }
}

/** A confirmation for an action that is not (or no longer) waiting: answered already, or replaced. */
export class ActionNotPending extends Schema.TaggedError<ActionNotPending>()(
  "ActionNotPending",
  { actionId: Schema.String, message: Schema.String },
  { httpApiStatus: 409 }
) {
  static of(actionId: string) {
    return new ActionNotPending({ actionId, message: `action ${actionId} is not waiting for confirmation` })
  }
}
