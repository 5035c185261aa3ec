import { randomUUID } from 'node:crypto'
import { ACTIVE_STATUSES, type Job } from '@shared/job'
import type { BatchProgress, BatchRecord, SkippedSource } from '@shared/queue'

export function newBatchId(): string {
  return `batch-${randomUUID()}`
}

export function newBatch(label: string, jobIds: string[], skipped: SkippedSource[], now: Date, id = newBatchId()): BatchRecord {
  return { id, label, createdAt: now.toISOString(), jobIds, skipped }
}

/** A later part of the same drop joins its batch; the first part's label and date stay. */
export function joinBatch(existing: BatchRecord | undefined, addition: BatchRecord): BatchRecord {
  if (!existing) return addition
  return {
    ...existing,
    jobIds: [...existing.jobIds, ...addition.jobIds.filter((id) => !existing.jobIds.includes(id))],
    skipped: [...existing.skipped, ...addition.skipped]
  }
}

/** "3 of 10": how far one drop has got, counted from the jobs that still exist. */
export function batchProgress(batch: BatchRecord, jobs: readonly Job[]): BatchProgress {
  const mine = jobs.filter((j) => j.batchId === batch.id)
  const count = (test: (job: Job) => boolean): number => mine.filter(test).length
  const completed = count((j) => j.status === 'COMPLETED')
  const failed = count((j) => j.status === 'FAILED')
  const cancelled = count((j) => j.status === 'CANCELLED')
  const finished = completed + failed + cancelled
  return {
    batchId: batch.id,
    label: batch.label,
    total: mine.length,
    completed,
    failed,
    cancelled,
    active: count((j) => ACTIVE_STATUSES.has(j.status)),
    queued: count((j) => j.status === 'QUEUED'),
    finished,
    summary: `${finished} of ${mine.length}`
  }
}
