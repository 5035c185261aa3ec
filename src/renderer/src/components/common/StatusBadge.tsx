import type { Job } from '@shared/job'
import { STATUS_TONES, statusLabel } from '../../format/job-text'

export function StatusBadge({ job }: { job: Pick<Job, 'status' | 'retryAt'> }): React.JSX.Element {
  const tone = job.status === 'QUEUED' && job.retryAt ? 'warning' : STATUS_TONES[job.status]
  return (
    <span className={`badge badge-${tone}`}>
      <span className="badge-dot" aria-hidden="true" />
      {statusLabel(job)}
    </span>
  )
}
