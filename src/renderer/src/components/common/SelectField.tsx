import { useId, type ReactNode, type SelectHTMLAttributes } from 'react'

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string
  hint?: ReactNode
}

/** A labelled select: the label names the control exactly (a wrapping label would add the chosen option to its name). */
export function SelectField({ label, hint, children, ...select }: SelectFieldProps): React.JSX.Element {
  const id = useId()
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="input" {...select}>
        {children}
      </select>
      {hint && <span className="field-hint">{hint}</span>}
    </div>
  )
}
