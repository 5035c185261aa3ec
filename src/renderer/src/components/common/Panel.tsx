import type { ReactNode } from 'react'

interface PanelProps {
  title: string
  description?: ReactNode
  actions?: ReactNode
  children: ReactNode
  id?: string
  className?: string
}

/** A titled card: one subject per panel on the detail and settings screens. */
export function Panel({ title, description, actions, children, id, className }: PanelProps): React.JSX.Element {
  const headingId = id ? `${id}-title` : undefined
  return (
    <section className={`panel ${className ?? ''}`.trim()} id={id} aria-labelledby={headingId}>
      <header className="panel-header">
        <div>
          <h2 id={headingId}>{title}</h2>
          {description && <p className="panel-description">{description}</p>}
        </div>
        {actions && <div className="panel-actions">{actions}</div>}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  )
}
