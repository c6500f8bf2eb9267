import { signOut } from "../auth/session.ts"
import { chat, toggleChat } from "../chat/store.ts"
import { navigate } from "../lib/router.ts"
import { toggleTheme } from "../ui/theme.ts"
import { SearchBox } from "./SearchBox.tsx"
import { Icon } from "../ui/Icon.tsx"
import { Link } from "../ui/Link.tsx"
import { NotificationBell } from "../notifications/NotificationBell.tsx"

export const Header = ({
  onMenu,
  menuOpen,
  onHelp
}: {
  readonly onMenu: () => void
  readonly menuOpen: boolean
  readonly onHelp: () => void
}) => {
  const chatOpen = chat.use((state) => state.open)
  return (
    <header className="topbar">
      <button
        type="button"
        className="btn btn-icon menu-button"
        aria-label="Lists"
        aria-expanded={menuOpen}
        aria-controls="sidebar"
        onClick={onMenu}
      >
        <Icon name="menu" size={18} />
      </button>
      <a
        href="/today"
        className="brand"
        aria-label="Tickler: go to Today"
        onClick={(e) => {
          e.preventDefault()
          navigate("/today")
        }}
      >
        <span className="brand-mark" aria-hidden="true">
          <Icon name="check" size={16} />
        </span>
        <span className="brand-name">Tickler</span>
      </a>
      <SearchBox />
      <div className="topbar-actions">
        <NotificationBell />
        <button
          type="button"
          className="btn btn-icon"
          aria-label="Assistant"
          aria-expanded={chatOpen}
          aria-controls="chat-panel"
          title="Assistant (a)"
          onClick={toggleChat}
        >
          <Icon name="chat" size={18} />
        </button>
        <button
          type="button"
          className="btn btn-icon"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={onHelp}
        >
          <Icon name="keyboard" size={18} />
        </button>
        <button
          type="button"
          className="btn btn-icon"
          aria-label="Switch light/dark theme"
          title="Theme (t)"
          onClick={toggleTheme}
        >
          <Icon name="moon" size={18} />
        </button>
        <Link href="/account" className="btn btn-icon account-link" aria-label="Account" title="Account">
          <Icon name="user" size={18} />
        </Link>
        <Link href="/settings" className="btn btn-icon" aria-label="Settings" title="Settings">
          <Icon name="gear" size={18} />
        </Link>
        <button type="button" className="btn btn-quiet signout" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </header>
  )
}
