import type { StatusTone } from '../../format/job-text'

interface ProgressBarProps {
  percent: number
  tone?: StatusTone
  label: string
  /** An upload that has not reported yet, or a probe: motion without a fake number. */
  indeterminate?: boolean
  size?: 'sm' | 'md'
}

export function ProgressBar({ percent, tone = 'active', label, indeterminate = false, size = 'md' }: ProgressBarProps): React.JSX.Element {
  const value = Math.max(0, Math.min(100, percent))
  return (
    <div
      className={`progress progress-${tone} progress-${size}${indeterminate ? ' is-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={indeterminate ? undefined : Math.floor(value)}
    >
      <div className="progress-fill" style={{ transform: `scaleX(${indeterminate ? 1 : value / 100})` }} />
    </div>
  )
}
