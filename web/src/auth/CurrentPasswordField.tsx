/** The account's password, asked again before something it guards; the server's refusal is described by `errorId`. */
export const CurrentPasswordField = ({
  label,
  value,
  onChange,
  invalid,
  errorId
}: {
  readonly label: string
  readonly value: string
  readonly onChange: (value: string) => void
  readonly invalid: boolean
  readonly errorId: string
}) => (
  <label className="field">
    <span>{label}</span>
    <input
      type="password"
      required
      autoComplete="current-password"
      aria-invalid={invalid}
      aria-describedby={invalid ? errorId : undefined}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  </label>
)
