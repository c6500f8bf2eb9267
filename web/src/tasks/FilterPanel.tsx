import type { TagWithCount } from "@tickler/domain"
import { parseFilterQuery } from "@tickler/domain"
import { useId, useState } from "react"
import { ApiError } from "../api/client.ts"
import { navigate, setParams } from "../lib/router.ts"
import { showError } from "../ui/toasts.ts"
import { FILTER_PARAMS, priorityOrder } from "./filters.ts"
import { priorityNames } from "./PriorityMark.tsx"
import { saveView } from "./views.ts"

const csv = (params: URLSearchParams, name: string) => (params.get(name) ?? "").split(",").filter((x) => x !== "")
const toggle = (values: ReadonlyArray<string>, value: string) =>
  values.includes(value) ? values.filter((v) => v !== value) : [...values, value]

/** Status, priority, tags (any/all/none), due, recurring — all kept in the URL. */
export const FilterPanel = ({
  params,
  tags
}: {
  readonly params: URLSearchParams
  readonly tags: ReadonlyArray<TagWithCount>
}) => {
  const id = useId()
  const priorities = csv(params, "priority")
  const withTags = csv(params, "tags")
  const withoutTags = csv(params, "notTags")
  const set = (name: string, value: string | undefined) => setParams({ [name]: value }, { replace: true })
  const due = params.get("due") ?? (params.get("dueFrom") || params.get("dueTo") ? "range" : "")

  return (
    <section className="filter-panel" aria-label="Filters">
      <fieldset>
        <legend>Status</legend>
        <select
          aria-label="Status"
          value={params.get("status") ?? ""}
          onChange={(e) => set("status", e.target.value || undefined)}
        >
          <option value="">List default</option>
          <option value="open">Open</option>
          <option value="completed">Completed</option>
          <option value="all">Open and completed</option>
        </select>
      </fieldset>
      <fieldset>
        <legend>Priority</legend>
        <div className="check-row">
          {priorityOrder.map((p) => (
            <label key={p} className={`check-pill prio-${p}`}>
              <input
                type="checkbox"
                checked={priorities.includes(p)}
                onChange={() => set("priority", toggle(priorities, p).join(",") || undefined)}
              />
              {priorityNames[p]}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Tags</legend>
        {tags.length === 0 ? <p className="muted">No tags yet — add #tags to tasks.</p> : null}
        <div className="check-row">
          {tags.map((tag) => (
            <label key={tag.name} className="check-pill">
              <input
                type="checkbox"
                checked={withTags.includes(tag.name)}
                onChange={() => set("tags", toggle(withTags, tag.name).join(",") || undefined)}
              />
              #{tag.name}
            </label>
          ))}
        </div>
        {tags.length > 0 ? (
          <>
            <div className="radio-row" role="radiogroup" aria-label="Match tags">
              <label>
                <input
                  type="radio"
                  name={`${id}-mode`}
                  checked={params.get("tagMode") !== "all"}
                  onChange={() => set("tagMode", undefined)}
                />
                Any of them
              </label>
              <label>
                <input
                  type="radio"
                  name={`${id}-mode`}
                  checked={params.get("tagMode") === "all"}
                  onChange={() => set("tagMode", "all")}
                />
                All of them
              </label>
            </div>
            <p className="sublegend">Without</p>
            <div className="check-row">
              {tags.map((tag) => (
                <label key={tag.name} className="check-pill">
                  <input
                    type="checkbox"
                    aria-label={`Without #${tag.name}`}
                    checked={withoutTags.includes(tag.name)}
                    onChange={() => set("notTags", toggle(withoutTags, tag.name).join(",") || undefined)}
                  />
                  #{tag.name}
                </label>
              ))}
            </div>
          </>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>Due</legend>
        <select
          aria-label="Due"
          value={due}
          onChange={(e) => {
            const value = e.target.value
            setParams(
              value === "range"
                ? { due: undefined, dueFrom: new Date().toISOString().slice(0, 10) }
                : { due: value || undefined, dueFrom: undefined, dueTo: undefined },
              { replace: true }
            )
          }}
        >
          <option value="">Any time</option>
          <option value="overdue">Overdue</option>
          <option value="today">Today</option>
          <option value="tomorrow">Tomorrow</option>
          <option value="next7">Next 7 days</option>
          <option value="none">No date</option>
          <option value="range">Between dates…</option>
        </select>
        {due === "range" ? (
          <div className="range-row">
            <label>
              From{" "}
              <input
                type="date"
                value={params.get("dueFrom") ?? ""}
                onChange={(e) => set("dueFrom", e.target.value || undefined)}
              />
            </label>
            <label>
              To{" "}
              <input
                type="date"
                value={params.get("dueTo") ?? ""}
                onChange={(e) => set("dueTo", e.target.value || undefined)}
              />
            </label>
          </div>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>Repeats</legend>
        <select
          aria-label="Repeats"
          value={params.get("recurring") ?? ""}
          onChange={(e) => set("recurring", e.target.value || undefined)}
        >
          <option value="">Either</option>
          <option value="true">Recurring only</option>
          <option value="false">One-off only</option>
        </select>
      </fieldset>
      <div className="filter-actions">
        <button
          type="button"
          className="btn btn-quiet"
          onClick={() =>
            setParams(Object.fromEntries(FILTER_PARAMS.map((name) => [name, undefined])), { replace: true })
          }
        >
          Clear filters
        </button>
      </div>
      <SaveViewForm />
    </section>
  )
}

/** A saved view is a filter-language query with a name, stored on the server (every device sees it). */
const SaveViewForm = () => {
  const [name, setName] = useState("")
  const [filter, setFilter] = useState("")
  const [saving, setSaving] = useState(false)
  // What the server refused (a name clash, a rule the browser does not check), shown by its field.
  const [refused, setRefused] = useState<{ readonly field: "name" | "query"; readonly message: string }>()
  const parsed = filter.trim() === "" ? undefined : parseFilterQuery(filter)
  const error =
    parsed?._tag === "Failure" ? parsed.failure.message : refused?.field === "query" ? refused.message : undefined
  const nameError = refused?.field === "name" ? refused.message : undefined
  return (
    <form
      className="save-view"
      onSubmit={(event) => {
        event.preventDefault()
        if (parsed?._tag !== "Success" || name.trim() === "" || saving) return
        setSaving(true)
        saveView(name.trim(), filter.trim()).then(
          (view) => {
            setSaving(false)
            setName("")
            setFilter("")
            navigate(`/views/${view.id}`)
          },
          (failure: unknown) => {
            setSaving(false)
            if (failure instanceof ApiError && (failure.kind === "conflict" || failure.kind === "invalid"))
              setRefused({ field: failure.field === "query" ? "query" : "name", message: failure.message })
            else showError(failure)
          }
        )
      }}
    >
      <p className="sublegend">Save a view from a filter query</p>
      <label className="field">
        <span>Query</span>
        <input
          value={filter}
          placeholder="(today | overdue) & priority >= high & #work"
          aria-invalid={error !== undefined}
          aria-describedby="filter-query-error"
          onChange={(e) => {
            setFilter(e.target.value)
            setRefused(undefined)
          }}
        />
      </label>
      <p id="filter-query-error" className="field-error" role={error ? "alert" : undefined}>
        {error ?? ""}
      </p>
      <label className="field">
        <span>Name</span>
        <input
          value={name}
          placeholder="Urgent work"
          maxLength={100}
          aria-invalid={nameError !== undefined}
          aria-describedby="view-name-error"
          onChange={(e) => {
            setName(e.target.value)
            setRefused(undefined)
          }}
        />
      </label>
      <p id="view-name-error" className="field-error" role={nameError ? "alert" : undefined}>
        {nameError ?? ""}
      </p>
      <button type="submit" className="btn" disabled={parsed?._tag !== "Success" || name.trim() === "" || saving}>
        Save view
      </button>
    </form>
  )
}
