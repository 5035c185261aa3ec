import { CircleAlert, Cpu, TriangleAlert } from 'lucide-react'
import type { Job } from '@shared/job'
import { formatPercent } from '../../format/numbers'
import { STATUS_TONES, etaText, paceText, stageDetail } from '../../format/job-text'
import { formatRelativeTime } from '../../format/time'
import { Panel } from '../common/Panel'
import { ProgressBar } from '../common/ProgressBar'
import { ChunkStrip } from './ChunkStrip'

/** The engine records a hardware fallback as a warning starting "fell back to". */
function isFallback(warning: string): boolean {
  return /fell back to/i.test(warning)
}

const ERROR_HINTS: Partial<Record<string, string>> = {
  NOT_MEDIA: 'Check that the file plays in a media player. Documents, images and partial downloads cannot be encoded.',
  NO_STREAMS: 'The file has no picture or sound the studio can use.',
  TRUNCATED: 'The file ends early. Copy or download it again, then retry.',
  FFMPEG_MISSING: 'Choose an ffmpeg in Settings → ffmpeg.',
  STORAGE_CREDENTIALS: 'Check the access keys of the target in Settings → Storage targets.',
  STORAGE_BUCKET: 'Check the bucket name of the target in Settings.',
  STORAGE_ENDPOINT: 'The bucket could not be reached. Check the endpoint and your connection, then retry the upload.',
  STORAGE_PERMISSION: 'The keys are valid but may not write to this bucket.',
  STORAGE_CLOCK_SKEW: 'This computer’s clock is off; correct it, then retry the upload.'
}

export function JobStatusPanel({ job }: { job: Job }): React.JSX.Element {
  const tone = STATUS_TONES[job.status]
  const percent = job.status === 'COMPLETED' ? 100 : job.progress.percent
  const fallbacks = job.warnings.filter(isFallback)
  const otherWarnings = [...job.warnings.filter((w) => !isFallback(w)), ...(job.plan?.warnings ?? []).filter((w) => !job.warnings.includes(w))]
  const facts = [paceText(job.progress), etaText(job)].filter(Boolean).join(' · ')
  return (
    <Panel title="Status" id="status">
      <div className="status-block">
        <div className="status-line">
          <span className="status-detail">{stageDetail(job)}</span>
          <span className="tabular status-percent">{formatPercent(percent, job.status === 'COMPLETED')}</span>
        </div>
        <ProgressBar percent={percent} tone={tone} label="Job progress" indeterminate={job.status === 'PROBING'} />
        {job.status === 'ENCODING' && <ChunkStrip progress={job.progress} />}
        <div className="status-facts tabular">
          {facts && <span>{facts}</span>}
          <span>Added {formatRelativeTime(job.createdAt)}</span>
          {job.finishedAt && <span>Ended {formatRelativeTime(job.finishedAt)}</span>}
          {job.attempts > 1 && <span>Attempt {job.attempts}</span>}
        </div>
      </div>
      {job.error && job.status !== 'COMPLETED' && (
        <div className="callout callout-danger" role="alert">
          <CircleAlert size={18} aria-hidden="true" />
          <div>
            <p className="callout-title">{job.status === 'QUEUED' ? 'A temporary problem; it will be tried again' : 'Why it failed'}</p>
            <p>{job.error.message}</p>
            {ERROR_HINTS[job.error.code] && <p className="callout-hint">{ERROR_HINTS[job.error.code]}</p>}
          </div>
        </div>
      )}
      {fallbacks.map((warning) => (
        <div className="callout callout-warning" key={warning}>
          <Cpu size={18} aria-hidden="true" />
          <div>
            <p className="callout-title">Hardware encoder fell back to software</p>
            <p>{warning}</p>
          </div>
        </div>
      ))}
      {otherWarnings.map((warning) => (
        <div className="callout callout-warning" key={warning}>
          <TriangleAlert size={18} aria-hidden="true" />
          <p>{warning}</p>
        </div>
      ))}
    </Panel>
  )
}
