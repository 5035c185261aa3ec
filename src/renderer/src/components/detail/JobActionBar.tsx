import { CloudUpload, FolderOpen, Play, RotateCcw, Trash2, X } from 'lucide-react'
import { ACTIVE_STATUSES, type Job } from '@shared/job'
import { jobActions } from '../../stores/job-actions'
import { navigate } from '../../stores/nav-store'
import { attempt } from '../../stores/notices-store'
import { useSettingsStore } from '../../stores/settings-store'
import { studio } from '../../stores/studio-client'
import { Button } from '../common/Button'
import { canRetry, canRetryUploadOnly } from '../queue/JobRowActions'

/** The row's actions with words, for the detail screen. */
export function JobActionBar({ job }: { job: Job }): React.JSX.Element {
  const desktop = useSettingsStore((s) => s.info?.canUseLocalPaths ?? false)
  const running = ACTIVE_STATUSES.has(job.status)
  return (
    <div className="screen-actions">
      {job.status === 'COMPLETED' && (
        <Button variant="primary" icon={<Play size={16} />} onClick={() => navigate({ screen: 'player', id: job.id, from: 'local' })}>
          Play
        </Button>
      )}
      {canRetryUploadOnly(job) && (
        <Button variant="primary" icon={<CloudUpload size={16} />} onClick={() => void jobActions.retryUpload(job.id)}>
          Retry upload only
        </Button>
      )}
      {canRetry(job) && job.status !== 'QUEUED' && (
        <Button icon={<RotateCcw size={16} />} onClick={() => void jobActions.retry(job.id)}>
          Retry
        </Button>
      )}
      {desktop && job.outputs && (
        <Button icon={<FolderOpen size={16} />} onClick={() => void attempt(() => studio().invoke('shell.reveal', { id: job.id }))}>
          Reveal in folder
        </Button>
      )}
      {(running || job.status === 'QUEUED') && (
        <Button icon={<X size={16} />} onClick={() => void jobActions.cancel(job.id)}>
          Cancel
        </Button>
      )}
      {!running && (
        <Button
          variant="ghost"
          icon={<Trash2 size={16} />}
          onClick={() => {
            void jobActions.remove(job.id).then((done) => done && navigate({ screen: 'queue' }))
          }}
        >
          Remove
        </Button>
      )}
    </div>
  )
}
