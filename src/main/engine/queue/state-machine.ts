import { StudioError } from '@shared/errors'
import type { Job, JobStatus } from '@shared/job'

/**
 * Every move a job can make. Anything else is a bug and throws.
 *
 * - Active → QUEUED: a transient failure waiting for its retry, a process that stopped
 *   (shutdown or crash recovery), or a hand-off between lanes: downloaded and waiting for
 *   the encoder, encoded and waiting for an upload slot.
 * - QUEUED → UPLOADING: a job whose local package is already complete only uploads.
 * - COMPLETED → FAILED: on start, a completed job whose package has vanished from disk
 *   is no longer reported as completed.
 * - FAILED/CANCELLED → COMPLETED: a kept package published by hand (`hls-studio publish`).
 */
const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  QUEUED: ['DOWNLOADING', 'PROBING', 'UPLOADING', 'FAILED', 'CANCELLED'],
  DOWNLOADING: ['PROBING', 'QUEUED', 'FAILED', 'CANCELLED'],
  PROBING: ['ENCODING', 'QUEUED', 'FAILED', 'CANCELLED'],
  ENCODING: ['UPLOADING', 'COMPLETED', 'QUEUED', 'FAILED', 'CANCELLED'],
  UPLOADING: ['COMPLETED', 'QUEUED', 'FAILED', 'CANCELLED'],
  COMPLETED: ['FAILED'],
  FAILED: ['QUEUED', 'COMPLETED'],
  CANCELLED: ['QUEUED', 'COMPLETED']
}

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

export function assertTransition(job: Pick<Job, 'id' | 'status'>, to: JobStatus): void {
  if (!canTransition(job.status, to)) {
    throw new StudioError('INVALID_TRANSITION', `Job ${job.id} cannot go from ${job.status} to ${to}.`)
  }
}

/**
 * Moves a job to a new status and stamps the times that go with it. Returns a new object;
 * the caller persists it.
 */
export function transition(job: Job, to: JobStatus, now: Date): Job {
  assertTransition(job, to)
  const at = now.toISOString()
  const next: Job = { ...job, status: to, updatedAt: at, progress: { ...job.progress, stage: to } }
  if (to === 'QUEUED') {
    delete next.finishedAt
  } else if (to === 'COMPLETED' || to === 'FAILED' || to === 'CANCELLED') {
    next.finishedAt = at
    delete next.retryAt
    if (to === 'COMPLETED') next.progress = { ...next.progress, percent: 100 }
  } else {
    next.startedAt ??= at
    delete next.retryAt
  }
  if (to !== 'FAILED' && to !== 'QUEUED') delete next.error
  return next
}
