import type { StudioEvent } from '@shared/events'
import type { JobStatus } from '@shared/job'
import type { StudioLog } from './studio-log'

/**
 * One log line per job state change (QUEUED → PROBING → … → COMPLETED), not per progress
 * tick: the event stream repeats a job's status on every update, so the last status seen is
 * kept to log only the moves.
 */
export function logJobStateChanges(log: StudioLog): (event: StudioEvent) => void {
  const lastStatus = new Map<string, JobStatus>()
  return (event) => {
    if (event.type === 'job-removed') {
      lastStatus.delete(event.jobId)
      log.logger.info({ jobId: event.jobId, event: event.type }, 'job removed')
      return
    }
    if (!('job' in event)) return
    const { id, status, error, attempts } = event.job
    const from = lastStatus.get(id)
    if (from === status) return
    lastStatus.set(id, status)
    const fields = { jobId: id, event: event.type, status, from, attempts, ...(error ? { error } : {}) }
    if (status === 'FAILED') log.logger.warn(fields, `job ${status}`)
    else log.logger.info(fields, `job ${status}`)
  }
}
