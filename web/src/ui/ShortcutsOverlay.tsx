import { Dialog } from "./Dialog.tsx"
import type { Shortcut } from "./shortcuts.ts"

export const ShortcutsOverlay = ({
  list,
  onClose
}: {
  readonly list: ReadonlyArray<Shortcut>
  readonly onClose: () => void
}) => (
  <Dialog title="Keyboard shortcuts" onClose={onClose}>
    <dl className="shortcut-list">
      {list.map((s) => (
        <div key={s.keys} className="shortcut">
          <dt>
            {s.keys.split(" ").map((k, i) => (
              <kbd key={i}>{k === "Escape" ? "Esc" : k}</kbd>
            ))}
          </dt>
          <dd>{s.description}</dd>
        </div>
      ))}
    </dl>
  </Dialog>
)
