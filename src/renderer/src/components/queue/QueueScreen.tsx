import { useJobsStore } from '../../stores/jobs-store'
import { AddSourcesButtons } from './AddSourcesButtons'
import { BatchHeader } from './BatchHeader'
import { JobList } from './JobList'
import { QueueControls } from './QueueControls'
import { QueueFirstRun } from './QueueFirstRun'
import { UploadStrip } from './UploadStrip'

export function QueueScreen(): React.JSX.Element {
  const count = useJobsStore((s) => Object.keys(s.jobs).length)
  const loaded = useJobsStore((s) => s.loaded)
  const paused = useJobsStore((s) => s.queue?.paused ?? false)
  return (
    <div className="screen queue-screen">
      <header className="screen-header">
        <div className="screen-title">
          <h1>Queue</h1>
          {paused && <span className="badge badge-warning">Paused</span>}
        </div>
        <div className="screen-actions">
          {count > 0 && <QueueControls />}
          {count > 0 && <AddSourcesButtons />}
        </div>
      </header>
      <UploadStrip />
      {count > 0 && <BatchHeader />}
      {!loaded ? <div className="loading-block" aria-busy="true">Loading the queue…</div> : count > 0 ? <JobList /> : <QueueFirstRun />}
    </div>
  )
}
