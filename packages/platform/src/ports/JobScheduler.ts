import { Context, type Effect, Schema, type Scope } from "effect"

export class JobSchedulerError extends Schema.TaggedError<JobSchedulerError>()("JobSchedulerError", {
  message: Schema.String,
  cause: Schema.Defect()
}) {}

export interface Job {
  /** Unique name; scheduling an existing name replaces that job. */
  readonly name: string
  readonly at: Date
  readonly data: unknown
}

/** A job that fired; `at` is when it was due, so a handler can tell how late it runs. */
export interface FiredJob extends Job {}

/**
 * Durable one-shot jobs that fire at their time, also after a restart (jobs due while the process was
 * down fire on recovery). The Dapr Scheduler in the distributed profile, a database-backed timer in `dev`.
 * Firing is at least once: handlers must be idempotent. A failing handler is retried.
 */
export class JobScheduler extends Context.Service<
  JobScheduler,
  {
    readonly schedule: (job: Job) => Effect.Effect<void, JobSchedulerError>
    /** Cancels a job; cancelling an unknown or already fired job is not an error. */
    readonly cancel: (name: string) => Effect.Effect<void, JobSchedulerError>
    /** Handles fired jobs whose name starts with `prefix`, for as long as the scope is open. */
    readonly onFire: <E>(
      prefix: string,
      handle: (job: FiredJob) => Effect.Effect<void, E>
    ) => Effect.Effect<void, never, Scope.Scope>
  }
>()("tickler/platform/JobScheduler") {}
