import { CloudUpload, FolderOpen, Play, RotateCcw, Trash2, X } from 'lucide-react'
import { ACTIVE_STATUSES, type Job } from '@shared/job'
import { jobActions } from '../../stores/job-actions'
import { navigate } from '../../stores/nav-store'
import { attempt } from '../../stores/notices-store'
import { useSettingsStore } from '../../stores/settings-store'
import { studio } from '../../stores/studio-client'
import { IconButton } from '../common/IconButton'

/** A failed upload of a finished encode can go again on its own: the local package was kept. */
export function canRetryUploadOnly(job: Job): boolean {
  return job.status === 'FAILED' && !!job.target && !!job.outputs && !job.outputs.published
}

/** Errors a retry cannot change: the file itself is not video or audio. */
const NOT_RETRYABLE: ReadonlySet<string> = new Set(['NOT_MEDIA', 'NO_STREAMS'])

/** Failed or cancelled work that may go through on a second try (a retry still waiting counts too). */
export function canRetry(job: Job): boolean {
  if (job.status === 'QUEUED') return !!job.retryAt
  if (job.status === 'CANCELLED') return true
  return job.status === 'FAILED' && !NOT_RETRYABLE.has(job.error?.code ?? '')
}

/** Only what makes sense in the job's state, so no button ever answers "not now". */
export function JobRowActions({ job }: { job: Job }): React.JSX.Element {
  const running = ACTIVE_STATUSES.has(job.status)
  // Only the desktop app can open a file manager; a browser against a server has none to open.
  const desktop = useSettingsStore((s) => s.info?.canUseLocalPaths ?? false)
  const title = job.title
  return (
    <div className="row-actions">
      {job.status === 'COMPLETED' && (
        <IconButton
          label={`Play ${title}`}
          icon={<Play size={16} />}
          onClick={() => navigate({ screen: 'player', id: job.id, from: 'local' })}
        />
      )}
      {canRetryUploadOnly(job) && <IconButton label={`Retry upload only: ${title}`} icon={<CloudUpload size={16} />} onClick={() => void jobActions.retryUpload(job.id)} />}
      {canRetry(job) && (
        <IconButton label={`Retry ${title}`} icon={<RotateCcw size={16} />} onClick={() => void jobActions.retry(job.id)} />
      )}
      {desktop && job.outputs && (
        <IconButton label={`Reveal ${title} in folder`} icon={<FolderOpen size={16} />} onClick={() => void attempt(() => studio().invoke('shell.reveal', { id: job.id }))} />
      )}
      {(running || job.status === 'QUEUED') && <IconButton label={`Cancel ${title}`} icon={<X size={16} />} onClick={() => void jobActions.cancel(job.id)} />}
      {!running && <IconButton label={`Remove ${title} from the list`} tone="danger" icon={<Trash2 size={16} />} onClick={() => void jobActions.remove(job.id)} />}
    </div>
  )
}
