import { memo } from 'react'
import { Film, GripVertical, Music } from 'lucide-react'
import { isFinal } from '@shared/job'
import { formatPercent } from '../../format/numbers'
import { STATUS_TONES, etaText, mediaKind, paceText, resourceTypeLabel, sourceName, stageDetail, uploadedShortText } from '../../format/job-text'
import { useJobsStore } from '../../stores/jobs-store'
import { navigate } from '../../stores/nav-store'
import { useReorderStore } from '../../stores/reorder-store'
import { ProgressBar } from '../common/ProgressBar'
import { StatusBadge } from '../common/StatusBadge'
import { JobRowActions } from './JobRowActions'
import type { RowReorder } from './useRowReorder'

interface JobRowProps {
  id: string
  /** Place in the waiting line (0 = next), for waiting jobs. */
  place?: number
  /** Present for waiting jobs: they can be dragged, or moved with the arrow keys on the handle. */
  reorder?: RowReorder
}

/**
 * One job. It reads only its own job from the store, so a progress tick of another job never
 * renders this row: with 1,000 jobs, a tick costs one row.
 */
export const JobRow = memo(function JobRow({ id, place, reorder }: JobRowProps): React.JSX.Element | null {
  const job = useJobsStore((s) => s.jobs[id])
  const indicator = useReorderStore((s) => (s.overId === id && s.draggingId !== id ? s.side : undefined))
  const dragging = useReorderStore((s) => s.draggingId === id)
  if (!job) return null

  const finished = isFinal(job.status)
  const tone = job.status === 'QUEUED' && job.retryAt ? 'neutral' : STATUS_TONES[job.status]
  const percent = job.status === 'COMPLETED' ? 100 : job.progress.percent
  const detail = stageDetail(job)
  const pace = job.status === 'ENCODING' ? paceText(job.progress) : undefined
  // A narrow row cuts the stage line short; the upload's count goes beside the percent there.
  const uploadedShort = job.status === 'ENCODING' ? uploadedShortText(job.progress) : undefined
  const eta = etaText(job)
  const kind = mediaKind(job)
  const Kind = kind === 'audio' ? Music : Film
  const showsProgress = !((job.status === 'FAILED' || job.status === 'CANCELLED') && percent <= 0)

  return (
    <div
      className={`job-row job-row-${tone}${dragging ? ' is-dragging' : ''}${indicator ? ` drop-${indicator}` : ''}`}
      data-job-id={id}
      data-status={job.status}
      data-progress={showsProgress ? undefined : 'none'}
      aria-label={`${job.title}, ${job.status.toLowerCase()}`}
      role="listitem"
      {...(reorder?.rowProps ?? {})}
    >
      <div className="job-row-grip">
        {reorder && (
          <button type="button" className="grip" aria-label={`Reorder ${job.title}: arrow keys move it up or down`} {...reorder.handleProps}>
            <GripVertical size={16} aria-hidden="true" />
          </button>
        )}
      </div>
      <div className={`job-kind job-kind-${tone}`} aria-hidden="true" data-kind={kind ?? 'video'}>
        <Kind size={18} />
      </div>
      <div className="job-main">
        <div className="job-title-line">
          <button type="button" className="job-title" onClick={() => navigate({ screen: 'job', id })}>
            {job.title}
          </button>
          <span className="job-slug mono">{job.slug}</span>
        </div>
        <div className="job-meta" title={job.source.kind === 'file' ? job.source.path : job.source.url}>
          <span>{resourceTypeLabel(job)}</span>
          <span aria-hidden="true">·</span>
          <span className="job-source">{sourceName(job.source)}</span>
          {job.target && (
            <>
              <span aria-hidden="true">·</span>
              <span>to {job.target}</span>
            </>
          )}
        </div>
      </div>
      <div className="job-stage">
        <StatusBadge job={job} />
        <p className={`job-detail${job.status === 'FAILED' ? ' is-error' : ''}`} title={detail}>
          {detail}
        </p>
      </div>
      <div className="job-progress">
        {!showsProgress ? null : job.status === 'QUEUED' && !job.outputs ? (
          <span className="job-waiting">{place === undefined ? 'Waiting' : place === 0 ? 'Next up' : `#${place + 1} in line`}</span>
        ) : (
          <>
            <div className="job-progress-top">
              <ProgressBar percent={percent} tone={tone} label={`${job.title} progress`} indeterminate={job.status === 'PROBING'} size="sm" />
              <span className="job-percent tabular">{formatPercent(percent, job.status === 'COMPLETED')}</span>
              {uploadedShort && (
                <span className="job-uploaded-short tabular" aria-hidden="true">
                  {uploadedShort}
                </span>
              )}
            </div>
            <div className="job-pace tabular">
              {[pace, eta].filter(Boolean).join(' · ') || (finished ? '' : '\u00a0')}
            </div>
          </>
        )}
      </div>
      <JobRowActions job={job} />
    </div>
  )
})
