import { describe, expect, it } from 'vitest'
import { BatchTracker } from '../../../src/main/electron/batch-tracker'
import { batchProgress } from '../../../src/main/engine/queue/batches'
import type { Job, JobStatus } from '../../../src/shared/job'
import type { BatchRecord } from '../../../src/shared/queue'

function job(id: string, batchId: string, status: JobStatus, percent = 0): Job {
  return { id, batchId, title: `Episode ${id}`, status, progress: { percent, stage: status } } as unknown as Job
}

/** A queue of real batch records, summarised by the engine's own batchProgress. */
function world(records: BatchRecord[], jobs: Job[]) {
  return { tracker: new BatchTracker(() => records.map((b) => batchProgress(b, jobs)), () => jobs), jobs }
}

const record = (id: string, label: string, jobIds: string[]): BatchRecord => ({ id, label, createdAt: '2026-01-01T00:00:00Z', jobIds, skipped: [] })

describe('batch notifications and progress', () => {
  it('announces a batch once, when its last job ends, not once per file', () => {
    const jobs = [job('1', 'b', 'COMPLETED'), job('2', 'b', 'ENCODING', 50), job('3', 'b', 'QUEUED')]
    const { tracker } = world([record('b', 'Season 1', ['1', '2', '3'])], jobs)
    expect(tracker.noticeFor({ type: 'job-completed', job: jobs[0]! })).toBeUndefined()
    expect(tracker.progress()).toBeCloseTo((1 + 0.5 + 0) / 3)
    jobs[1] = job('2', 'b', 'FAILED')
    jobs[2] = job('3', 'b', 'COMPLETED')
    const notice = tracker.noticeFor({ type: 'job-completed', job: jobs[2] })
    expect(notice).toEqual({ batchId: 'b', title: 'Batch finished with failures', body: 'Season 1: 2 of 3 done, 1 failed.', failed: true })
    expect(tracker.noticeFor({ type: 'job-completed', job: jobs[2] })).toBeUndefined()
    expect(tracker.progress()).toBeUndefined()
  })

  it('names the file when the batch is a single job, and keeps quiet about batches that ended before', () => {
    const done = job('9', 'old', 'COMPLETED')
    const single = job('5', 's', 'ENCODING')
    const jobs = [done, single]
    const { tracker } = world([record('old', 'yesterday', ['9']), record('s', 'clip.mp4', ['5'])], jobs)
    expect(tracker.noticeFor({ type: 'job-completed', job: done })).toBeUndefined()
    jobs[1] = { ...single, status: 'COMPLETED' }
    expect(tracker.noticeFor({ type: 'job-completed', job: jobs[1] })).toMatchObject({ title: 'Ready', body: '“Episode 5” is encoded.' })
  })
})
