import { PASSWORD_LENGTH } from "@tickler/domain"
import { useEffect, useId, useRef } from "react"

/** A new password and its confirmation, as the form holds them. */
export interface NewPassword {
  readonly password: string
  readonly confirm: string
}
export const noNewPassword: NewPassword = { password: "", confirm: "" }

/**
 * A new password typed twice. A confirmation that differs blocks the form by the browser's own
 * validation (it says why and focuses the field); the server's refusal is described by `errorId`.
 */
export const NewPasswordFields = ({
  value,
  onChange,
  invalid,
  errorId
}: {
  readonly value: NewPassword
  readonly onChange: (value: NewPassword) => void
  readonly invalid: boolean
  readonly errorId: string
}) => {
  const confirmRef = useRef<HTMLInputElement>(null)
  const inputId = useId()
  const hintId = useId()
  useEffect(() => {
    confirmRef.current?.setCustomValidity(
      value.confirm === value.password ? "" : "The new password and its confirmation don't match."
    )
  }, [value])
  return (
    <>
      {/* The hint outside the label: it describes the field, it is not part of its name. */}
      <div className="field">
        <label htmlFor={inputId}>New password</label>
        <input
          id={inputId}
          type="password"
          required
          minLength={PASSWORD_LENGTH.min}
          maxLength={PASSWORD_LENGTH.max}
          autoComplete="new-password"
          aria-invalid={invalid}
          aria-describedby={invalid ? `${hintId} ${errorId}` : hintId}
          value={value.password}
          onChange={(e) => onChange({ ...value, password: e.target.value })}
        />
        <small id={hintId} className="muted">
          {PASSWORD_LENGTH.min}–{PASSWORD_LENGTH.max} characters, not a commonly used password.
        </small>
      </div>
      <label className="field">
        <span>Confirm new password</span>
        <input
          ref={confirmRef}
          type="password"
          required
          autoComplete="new-password"
          value={value.confirm}
          onChange={(e) => onChange({ ...value, confirm: e.target.value })}
        />
      </label>
    </>
  )
}
