import type { UpdateTask } from "@tickler/domain"
import { priorities, TaskId } from "@tickler/domain"
import { Schema } from "effect"
import { lazy, Suspense, useEffect, useRef, useState } from "react"
import { api, ApiError } from "../api/client.ts"
import { useUserZone } from "../auth/session.ts"
import { formatInstant } from "../lib/format.ts"
import { deleteTask, toggleComplete, updateTask } from "../tasks/actions.ts"
import { priorityNames } from "../tasks/PriorityMark.tsx"
import { putTask, useTask } from "../tasks/store.ts"
import { ActivityLog } from "./ActivityLog.tsx"
import { DueEditor } from "./DueEditor.tsx"
import { RecurrenceBuilder } from "./RecurrenceBuilder.tsx"
import { RemindersEditor } from "./RemindersEditor.tsx"
import { TagsEditor } from "./TagsEditor.tsx"

// marked + DOMPurify only load when a description is shown.
const Markdown = lazy(() => import("./Markdown.tsx"))

/** Every field of a task, each saved as soon as it changes (optimistic, rolled back on error). */
const TaskDetail = ({ id, onClose }: { readonly id: string; readonly onClose: () => void }) => {
  const zone = useUserZone()
  const task = useTask(id)
  const [loadError, setLoadError] = useState<ApiError | undefined>()
  const heading = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    if (task !== undefined) return
    const valid = Schema.is(TaskId)(id) ? id : undefined
    if (valid === undefined) return setLoadError(new ApiError("notFound", "There is no such task."))
    api((c) => c.tasks.get({ params: { id: valid } })).then(putTask, (e: unknown) =>
      setLoadError(e instanceof ApiError ? e : new ApiError("server", String(e)))
    )
  }, [id, task])

  useEffect(() => heading.current?.focus(), [])

  const save = (patch: UpdateTask) => void updateTask(id, patch, zone).catch(() => undefined)

  return (
    <aside className="detail-panel" aria-labelledby="detail-heading">
      <div className="detail-head">
        <h2 id="detail-heading" ref={heading} tabIndex={-1} className="detail-title">
          Task
        </h2>
        <button type="button" className="btn btn-icon" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </div>
      {task === undefined ? (
        loadError ? (
          <div className="state state-error" role="alert">
            <p>{loadError.kind === "notFound" ? "This task doesn't exist (any more)." : loadError.message}</p>
          </div>
        ) : (
          <div className="detail-body" aria-busy="true" />
        )
      ) : (
        <div className="detail-body">
          <div className="detail-actions">
            <button
              type="button"
              className={`btn ${task.status === "open" ? "btn-primary" : ""}`}
              onClick={() => void toggleComplete(task.id)}
            >
              {task.status === "open" ? "Complete" : "Reopen"}
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                deleteTask(task.id)
                onClose()
              }}
            >
              Delete
            </button>
          </div>
          {task.status === "completed" && task.completedAt ? (
            <p className="muted">Completed {formatInstant(task.completedAt, zone)}</p>
          ) : null}

          <TitleField key={`title-${task.title}`} title={task.title} onSave={(title) => save({ title })} />
          <DescriptionField
            key={`desc-${task.id}`}
            text={task.description}
            onSave={(description) => save({ description })}
          />

          <section className="detail-section" aria-labelledby="prio-h">
            <h3 id="prio-h">Priority</h3>
            <div className="segmented" role="radiogroup" aria-labelledby="prio-h">
              {priorities.map((p) => (
                <label key={p} className={`segment prio-${p}${task.priority === p ? " is-on" : ""}`}>
                  <input
                    type="radio"
                    name="priority"
                    checked={task.priority === p}
                    onChange={() => save({ priority: p })}
                  />
                  {priorityNames[p]}
                </label>
              ))}
            </div>
          </section>

          <section className="detail-section" aria-labelledby="due-h">
            <h3 id="due-h">Due</h3>
            <DueEditor value={task.due} userZone={zone} onChange={(due) => save({ due })} />
          </section>

          <section className="detail-section" aria-labelledby="rec-h">
            <h3 id="rec-h">Repeat</h3>
            <RecurrenceBuilder
              key={task.id}
              value={task.recurrence}
              due={task.due}
              userZone={zone}
              onChange={(recurrence) => save({ recurrence })}
            />
          </section>

          <section className="detail-section" aria-labelledby="rem-h">
            <h3 id="rem-h">Reminders</h3>
            <RemindersEditor
              value={task.reminders}
              due={task.due}
              userZone={zone}
              onChange={(reminders) => save({ reminders })}
            />
          </section>

          <section className="detail-section" aria-labelledby="tags-h">
            <h3 id="tags-h">Tags</h3>
            <TagsEditor value={task.tags} onChange={(tags) => save({ tags })} />
          </section>

          <section className="detail-section" aria-labelledby="act-h">
            <h3 id="act-h">Activity</h3>
            <ActivityLog
              taskId={task.id}
              version={`${task.updatedAt.epochMilliseconds}:${task.status}`}
              userZone={zone}
            />
          </section>
          <p className="muted detail-foot">
            Created {formatInstant(task.createdAt, zone)} · changed {formatInstant(task.updatedAt, zone)}
            {task.occurrence !== null ? ` · occurrence ${task.occurrence}` : ""}
          </p>
        </div>
      )}
    </aside>
  )
}

const TitleField = ({ title, onSave }: { readonly title: string; readonly onSave: (title: string) => void }) => {
  const [text, setText] = useState(title)
  const commit = () => {
    const trimmed = text.trim()
    if (trimmed === "") return setText(title)
    if (trimmed !== title) onSave(trimmed)
  }
  return (
    <label className="field title-field">
      <span className="sr-only">Title</span>
      <textarea
        className="title-input"
        rows={1}
        maxLength={500}
        value={text}
        onChange={(e) => setText(e.target.value.replace(/\n/g, " "))}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault()
            e.currentTarget.blur()
          }
        }}
      />
    </label>
  )
}

const DescriptionField = ({ text, onSave }: { readonly text: string; readonly onSave: (text: string) => void }) => {
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState(text)
  useEffect(() => {
    if (!editing) setDraft(text)
  }, [text, editing])
  return (
    <section className="detail-section" aria-labelledby="desc-h">
      <div className="section-head">
        <h3 id="desc-h">Description</h3>
        {editing ? null : (
          <button type="button" className="btn btn-quiet btn-small" onClick={() => setEditing(true)}>
            {text === "" ? "Add" : "Edit"}
          </button>
        )}
      </div>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (draft !== text) onSave(draft)
            setEditing(false)
          }}
        >
          <label className="field">
            <span className="sr-only">Description (Markdown)</span>
            <textarea
              className="desc-input"
              rows={8}
              maxLength={20000}
              value={draft}
              autoFocus
              onChange={(e) => setDraft(e.target.value)}
            />
          </label>
          <div className="inline-fields">
            <button type="submit" className="btn btn-primary">
              Save
            </button>
            <button type="button" className="btn btn-quiet" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <span className="muted">Markdown supported</span>
          </div>
        </form>
      ) : text === "" ? (
        <p className="muted">No description.</p>
      ) : (
        <Suspense fallback={<p className="muted">…</p>}>
          <Markdown text={text} />
        </Suspense>
      )}
    </section>
  )
}

export default TaskDetail
