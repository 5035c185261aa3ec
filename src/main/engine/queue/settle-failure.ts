import type { JobProgress } from '@shared/job'
import type { DescribeFailure } from '../logging/internal-error'
import type { Clock } from './clock'
import type { JobRecorder } from './job-recorder'
import type { JobWork } from './job-work'
import type { Lane } from './queue-order'
import { shouldRetry } from './retry-policy'
import { backoffDelayMs, type RetryPolicy } from '../retry'

/** A job back in the queue starts its progress again: its partial work is gone or will be redone. */
const WAITING: JobProgress = { percent: 0, stage: 'QUEUED' }

/** Why a running job was stopped from outside, if it was. */
export type StopReason = 'cancel' | 'remove' | 'shutdown'

export interface SettleDeps {
  recorder: JobRecorder
  work: JobWork
  clock: Clock
  retry: RetryPolicy
  describe: DescribeFailure
}

export interface StoppedRun {
  jobId: string
  /** The lane the job was in when it stopped. */
  lane: Lane
  stopReason?: StopReason
}

/**
 * Where a job goes when its lane's work throws, and what is cleaned up on the way:
 * - cancelled (or removed): CANCELLED; partial output and downloads go, the source never;
 * - stopped by a shutdown: back to QUEUED, to run again on the next start;
 * - a failure that may pass, with attempts left: QUEUED with a retry time (exponential backoff);
 * - anything else: FAILED with its error. A failed upload keeps the local package, so the
 *   upload alone can be retried; a failed encode has already removed its partial output.
 */
export async function settleFailure(deps: SettleDeps, run: StoppedRun, error: unknown): Promise<void> {
  const { recorder, work, clock, retry, describe } = deps
  const { jobId, lane } = run
  const job = recorder.get(jobId)
  const value = describe(error, { jobId, lane })
  // A CANCELLED error nobody asked for comes from the process being stopped (e.g. Ctrl-C).
  const reason = run.stopReason ?? (value.code === 'CANCELLED' ? 'shutdown' : undefined)
  if (reason === 'cancel' || reason === 'remove') {
    if (lane !== 'upload') await work.discardOutput(job)
    await work.discardDownload(job)
    await recorder.transition(jobId, 'CANCELLED', { error: undefined })
    return
  }
  if (reason === 'shutdown') {
    // A partial download is kept: the next start resumes it with Range; so are a long video's finished chunks.
    if (lane === 'encode') await work.discardOutput(job, { keepCheckpoints: true })
    recorder.log(jobId, `interrupted while ${job.status.toLowerCase()}; it will run again when the queue resumes`, 'warn')
    await recorder.transition(jobId, 'QUEUED', { progress: WAITING })
    return
  }
  recorder.log(jobId, value.message, 'error')
  if (lane === 'encode') await work.discardOutput(job)
  if (shouldRetry(value, job.attempts, retry)) {
    const delay = backoffDelayMs(job.attempts, retry)
    recorder.log(jobId, `attempt ${job.attempts} of ${retry.maxAttempts} failed; trying again in ${Math.round(delay / 1000)} s`, 'warn')
    await recorder.transition(jobId, 'QUEUED', { error: value, retryAt: new Date(clock.now() + delay).toISOString(), progress: WAITING })
    return
  }
  if (lane !== 'upload') await work.discardDownload(job)
  await recorder.transition(jobId, 'FAILED', { error: value })
}
