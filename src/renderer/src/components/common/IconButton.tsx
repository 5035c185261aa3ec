import type { ButtonHTMLAttributes, ReactNode } from 'react'

interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  /** Read by screen readers and shown as the tooltip: an icon alone says too little. */
  label: string
  icon: ReactNode
  tone?: 'default' | 'danger'
}

export function IconButton({ label, icon, tone = 'default', className, type = 'button', ...rest }: IconButtonProps): React.JSX.Element {
  return (
    <button type={type} className={`icon-btn${tone === 'danger' ? ' icon-btn-danger' : ''} ${className ?? ''}`.trim()} aria-label={label} title={label} {...rest}>
      {icon}
    </button>
  )
}
