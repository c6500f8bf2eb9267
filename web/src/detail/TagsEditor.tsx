import { useId, useState } from "react"
import { useTags } from "../tasks/tags.ts"

const valid = (tag: string) => /^[^\s#,&|()!]{1,50}$/u.test(tag)

/** Tag chips with removal, and an input that suggests the user's existing tags. */
export const TagsEditor = ({
  value,
  onChange
}: {
  readonly value: ReadonlyArray<string>
  readonly onChange: (tags: ReadonlyArray<string>) => void
}) => {
  const id = useId()
  const known = useTags()
  const [text, setText] = useState("")
  const [error, setError] = useState<string | undefined>()
  const add = () => {
    const tag = text.trim().replace(/^#/, "")
    if (tag === "") return
    if (!valid(tag)) return setError("A tag is 1–50 characters without spaces or # , & | ( ) !")
    if (value.length >= 20) return setError("At most 20 tags per task.")
    setError(undefined)
    setText("")
    if (!value.some((t) => t.toLowerCase() === tag.toLowerCase())) onChange([...value, tag])
  }
  return (
    <div className="tags-editor">
      <ul className="chips">
        {value.map((tag) => (
          <li key={tag} className="chip chip-tag">
            #{tag}
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove tag ${tag}`}
              onClick={() => onChange(value.filter((t) => t !== tag))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="inline-fields">
        <label className="field">
          <span className="sr-only">Add a tag</span>
          <input
            list={`${id}-tags`}
            placeholder="Add a tag"
            value={text}
            aria-invalid={error !== undefined}
            aria-describedby={`${id}-error`}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === ",") {
                e.preventDefault()
                add()
              }
            }}
          />
        </label>
        <button type="button" className="btn" onClick={add} disabled={text.trim() === ""}>
          Add tag
        </button>
      </div>
      <datalist id={`${id}-tags`}>
        {known
          .filter((tag) => !value.includes(tag.name))
          .map((tag) => (
            <option key={tag.name} value={tag.name} />
          ))}
      </datalist>
      <p id={`${id}-error`} className="field-error" role={error ? "alert" : undefined}>
        {error ?? ""}
      </p>
    </div>
  )
}
