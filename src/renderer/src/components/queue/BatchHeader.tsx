import { useShallow } from 'zustand/react/shallow'
import { currentBatch } from '../../stores/batch-progress'
import { useJobsStore } from '../../stores/jobs-store'
import { ProgressBar } from '../common/ProgressBar'

/** "Season 2 · 3 of 10": the drop a person is waiting on, with how far it is as a whole. */
export function BatchHeader(): React.JSX.Element | null {
  const batch = useJobsStore(useShallow((s) => currentBatch(s.jobs, s.batchLabels)))
  if (!batch) return null
  const done = batch.finished === batch.total
  const problems = batch.failed + batch.cancelled
  return (
    <div className="batch-header" aria-label="Current batch">
      <div className="batch-text">
        <span className="batch-label" title={batch.label}>
          {batch.label}
        </span>
        <span className="batch-count tabular" data-testid="batch-count">
          {batch.finished} of {batch.total}
        </span>
        <span className="batch-state">
          {done ? (problems > 0 ? `done, ${problems} did not finish` : 'all done') : batch.active > 0 ? `${batch.active} running` : 'waiting'}
        </span>
      </div>
      <ProgressBar percent={batch.percent} tone={done ? (batch.failed > 0 ? 'danger' : 'success') : 'active'} label="Batch progress" size="sm" />
    </div>
  )
}
