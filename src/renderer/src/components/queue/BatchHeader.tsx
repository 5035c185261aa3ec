import { useShallow } from 'zustand/react/shallow'
import { watchedBatches, type BatchView } from '../../stores/batch-progress'
import { useJobsStore } from '../../stores/jobs-store'

function stateText(batch: BatchView): string {
  const problems = batch.failed + batch.cancelled
  if (batch.finished === batch.total) return problems === 0 ? 'all done' : batch.completed === 0 ? `${problems === 1 ? 'it' : 'all'} did not finish` : `done, ${problems} did not finish`
  if (batch.active > 0) return `${batch.active} running`
  return batch.finished > 0 ? 'next in line' : 'waiting'
}

/**
 * How far a batch is, in parts: finished (green), failed (red), cancelled (grey) and the work
 * under way, so one failed file of two reads as half red, not as a failed batch.
 */
function BatchBar({ batch }: { batch: BatchView }): React.JSX.Element {
  const share = (count: number): string => `${(count / Math.max(1, batch.total)) * 100}%`
  const running = Math.max(0, batch.percent - ((batch.finished / Math.max(1, batch.total)) * 100))
  return (
    <div className="progress progress-sm batch-bar" role="progressbar" aria-label={`${batch.label} progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.floor(batch.percent)} aria-valuetext={`${batch.finished} of ${batch.total}, ${stateText(batch)}`}>
      <span className="batch-part part-success" style={{ width: share(batch.completed) }} />
      <span className="batch-part part-danger" style={{ width: share(batch.failed) }} />
      <span className="batch-part part-muted" style={{ width: share(batch.cancelled) }} />
      <span className="batch-part part-active" style={{ width: `${running}%` }} />
    </div>
  )
}

/** "Season 2 · 3 of 10", one line per batch with work left: each drop a person is waiting on. */
export function BatchHeader(): React.JSX.Element | null {
  const batches = useJobsStore(useShallow((s) => watchedBatches(s.jobs, s.batchLabels)))
  if (batches.length === 0) return null
  return (
    <div className="batch-header" role="group" aria-label={batches.length === 1 ? 'Current batch' : 'Current batches'}>
      {batches.map((batch) => (
        <div className="batch-line" key={batch.batchId} data-batch-id={batch.batchId}>
          <div className="batch-text">
            <span className="batch-label" title={batch.label}>
              {batch.label}
            </span>
            <span className="batch-count tabular" data-testid="batch-count">
              {batch.finished} of {batch.total}
            </span>
            <span className="batch-state">{stateText(batch)}</span>
          </div>
          <BatchBar batch={batch} />
        </div>
      ))}
    </div>
  )
}
