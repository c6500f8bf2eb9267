import type { QuickAddChip, QuickAddDraft } from "./quickAddModel.ts"
import { Icon } from "../ui/Icon.tsx"

const icons = { due: "calendar", recurrence: "repeat", tag: "hash", priority: "flag", reminder: "bell" } as const
const kindNames = { due: "date", recurrence: "repeat", tag: "tag", priority: "priority", reminder: "reminder" } as const

/**
 * What quick add understood: the title and a chip per part the task will have; removing a chip
 * keeps its words in the title instead.
 */
export const QuickAddPreview = ({
  draft,
  onDismiss
}: {
  readonly draft: QuickAddDraft | undefined
  readonly onDismiss: (chip: QuickAddChip) => void
}) => (
  <div className="qa-preview" aria-live="polite" data-testid="quick-add-preview">
    {draft === undefined ? null : (
      <>
        <span className="qa-title">
          <span className="sr-only">Title: </span>
          {draft.title === "" ? <em>Add a title</em> : draft.title}
        </span>
        <ul className="chips" aria-label="Understood">
          {draft.chips.map((chip) => (
            <li key={chip.key} className={`chip chip-${chip.kind}`} data-kind={chip.kind}>
              {chip.kind === "tag" ? null : <Icon name={icons[chip.kind]} size={13} />}
              <span>{chip.label}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${kindNames[chip.kind]} “${chip.label}” (keep “${chip.phrase}” in the title)`}
                onClick={() => onDismiss(chip)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      </>
    )}
  </div>
)
