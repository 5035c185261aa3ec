/**
 * What the desktop tells the OS about the queue: one notification when a batch ends (not one
 * per file), and the progress of the batches still running for the taskbar or dock.
 * Pure: it reads batches and jobs, so it is tested without Electron.
 */
import type { StudioEvent } from '@shared/events'
import { isFinal, type Job } from '@shared/job'
import type { BatchProgress } from '@shared/queue'

export interface BatchNotice {
  batchId: string
  title: string
  body: string
  failed: boolean
}

export class BatchTracker {
  private readonly announced = new Set<string>()

  constructor(
    private readonly batches: () => BatchProgress[],
    private readonly jobs: () => Job[]
  ) {
    // Batches that ended before this session are not news.
    for (const batch of batches()) if (batch.total > 0 && batch.finished === batch.total) this.announced.add(batch.batchId)
  }

  /** The notice for a batch this event just finished, once per batch. */
  noticeFor(event: StudioEvent): BatchNotice | undefined {
    if (event.type !== 'job-completed' && event.type !== 'job-failed' && event.type !== 'job-cancelled') return undefined
    const batchId = event.job.batchId
    if (!batchId || this.announced.has(batchId)) return undefined
    const batch = this.batches().find((b) => b.batchId === batchId)
    if (!batch || batch.finished < batch.total) return undefined
    this.announced.add(batchId)
    if (batch.total === 1) {
      if (batch.completed === 1) return { batchId, title: 'Ready', body: `“${event.job.title}” is encoded${event.job.outputs?.published ? ' and published' : ''}.`, failed: false }
      if (batch.cancelled === 1) return { batchId, title: 'Cancelled', body: `“${event.job.title}” was cancelled.`, failed: false }
      return { batchId, title: 'Failed', body: `“${event.job.title}”: ${event.job.error?.message ?? 'the job failed.'}`, failed: true }
    }
    const parts = [`${batch.completed} of ${batch.total} done`]
    if (batch.failed) parts.push(`${batch.failed} failed`)
    if (batch.cancelled) parts.push(`${batch.cancelled} cancelled`)
    return { batchId, title: batch.failed ? 'Batch finished with failures' : 'Batch finished', body: `${batch.label}: ${parts.join(', ')}.`, failed: batch.failed > 0 }
  }

  /** 0–1 across the jobs of batches still running, counting running jobs by their percent; undefined when idle. */
  progress(): number | undefined {
    const running = this.batches().filter((b) => b.finished < b.total)
    if (!running.length) return undefined
    const ids = new Set(running.map((b) => b.batchId))
    const jobs = this.jobs().filter((j) => j.batchId && ids.has(j.batchId))
    if (!jobs.length) return undefined
    const done = jobs.reduce((sum, job) => sum + (isFinal(job.status) ? 1 : Math.min(100, Math.max(0, job.progress.percent)) / 100), 0)
    return done / jobs.length
  }
}
