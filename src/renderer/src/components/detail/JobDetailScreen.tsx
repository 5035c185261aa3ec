import { useEffect } from 'react'
import { ArrowLeft, SearchX } from 'lucide-react'
import { useJobLogStore } from '../../stores/job-log-store'
import { useJobsStore } from '../../stores/jobs-store'
import { navigate } from '../../stores/nav-store'
import { Button } from '../common/Button'
import { EmptyState } from '../common/EmptyState'
import { StatusBadge } from '../common/StatusBadge'
import { JobActionBar } from './JobActionBar'
import { JobStatusPanel } from './JobStatusPanel'
import { LadderPanel } from './LadderPanel'
import { LogTail } from './LogTail'
import { OutputsPanel } from './OutputsPanel'
import { PicturesPanel } from './PicturesPanel'
import { ProbePanel } from './ProbePanel'

export function JobDetailScreen({ id }: { id: string }): React.JSX.Element {
  const job = useJobsStore((s) => s.jobs[id])
  const loaded = useJobsStore((s) => s.loaded)

  useEffect(() => {
    void useJobLogStore.getState().open(id)
    return () => useJobLogStore.getState().close()
  }, [id])

  const back = (
    <button type="button" className="back-link" onClick={() => navigate({ screen: 'queue' })}>
      <ArrowLeft size={16} aria-hidden="true" /> Queue
    </button>
  )

  if (!job) {
    return (
      <div className="screen">
        {back}
        {loaded && (
          <EmptyState icon={<SearchX size={28} />} title="This job is no longer in the queue" actions={<Button onClick={() => navigate({ screen: 'library' })}>Open the Library</Button>}>
            <p>It was removed. A finished package stays in the Library until you delete it there.</p>
          </EmptyState>
        )}
      </div>
    )
  }

  return (
    <div className="screen detail-screen" data-testid="job-detail">
      {back}
      <header className="screen-header detail-header">
        <div className="screen-title">
          <h1>{job.title}</h1>
          <StatusBadge job={job} />
        </div>
        <JobActionBar job={job} />
      </header>
      <p className="detail-sub mono">{job.slug} · {job.id}</p>
      <div className="detail-grid">
        <div className="detail-column">
          <JobStatusPanel job={job} />
          <ProbePanel job={job} />
          <LadderPanel job={job} />
        </div>
        <div className="detail-column">
          <OutputsPanel job={job} />
          <PicturesPanel job={job} />
          <LogTail />
        </div>
      </div>
    </div>
  )
}
