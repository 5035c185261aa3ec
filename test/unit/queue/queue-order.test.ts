import { describe, expect, it } from 'vitest'
import { resolveEncodeSettings } from '@shared/settings'
import { batchProgress } from '../../../src/main/engine/queue/batches'
import { dedupeKey, laneOf, moveInQueue, queuedInOrder } from '../../../src/main/engine/queue/queue-order'
import { DEFAULT_RETRY_POLICY, shouldRetry } from '../../../src/main/engine/queue/retry-policy'
import { backoffDelayMs } from '../../../src/main/engine/retry'
import { jobRecord } from '../../helpers/queue-fixtures'

describe('queue order', () => {
  it('runs higher priority first, then by position, then by age; ignores jobs not queued', () => {
    const a = jobRecord({ id: 'a', position: 1 })
    const b = jobRecord({ id: 'b', position: 2, priority: 5 })
    const c = jobRecord({ id: 'c', position: 3 })
    const d = jobRecord({ id: 'd', position: 0, status: 'ENCODING' })
    const e = jobRecord({ id: 'e', position: undefined })
    expect(queuedInOrder([a, b, c, d, e]).map((j) => j.id)).toEqual(['b', 'a', 'c', 'e'])
  })

  it('moves a job to any place in the line, and the order then reads as asked', () => {
    const jobs = ['a', 'b', 'c', 'd'].map((id, i) => jobRecord({ id, position: i + 1 }))
    const apply = (changed: ReturnType<typeof moveInQueue>) => jobs.map((j) => changed.find((c) => c.id === j.id) ?? j)
    expect(queuedInOrder(apply(moveInQueue(jobs, 'd', 0))).map((j) => j.id)).toEqual(['d', 'a', 'b', 'c'])
    expect(queuedInOrder(apply(moveInQueue(jobs, 'a', 2))).map((j) => j.id)).toEqual(['b', 'c', 'a', 'd'])
    expect(queuedInOrder(apply(moveInQueue(jobs, 'b', 99))).map((j) => j.id)).toEqual(['a', 'c', 'd', 'b'])
    expect(moveInQueue(jobs, 'missing', 0)).toEqual([])
  })

  it('a job moved among higher-priority jobs takes their priority, so it really runs there', () => {
    const urgent = jobRecord({ id: 'urgent', priority: 10, position: 1 })
    const normal = jobRecord({ id: 'normal', position: 2 })
    const changed = moveInQueue([urgent, normal], 'normal', 0)
    const after = [urgent, normal].map((j) => changed.find((c) => c.id === j.id) ?? j)
    expect(queuedInOrder(after).map((j) => j.id)).toEqual(['normal', 'urgent'])
  })

  it('sends a job to the lane it needs next', () => {
    expect(laneOf(jobRecord())).toBe('encode')
    expect(laneOf(jobRecord({ source: { kind: 'url', url: 'https://x/a.mp4' } }))).toBe('download')
    expect(laneOf(jobRecord({ source: { kind: 'url', url: 'https://x/a.mp4' }, downloadedPath: '/w/a.mp4' }))).toBe('encode')
    const outputs = { dir: '/o', masterPlaylist: '/o/master.m3u8', manifest: '/o/job.json', totalBytes: 1, variants: [] }
    expect(laneOf(jobRecord({ target: 'lab', outputs }))).toBe('upload')
    expect(laneOf(jobRecord({ outputs }))).toBe('encode')
  })

  it('treats the same source with equal settings as a duplicate, whatever the key order', () => {
    const source = { kind: 'file' as const, path: '/m/a.mp4' }
    const one = jobRecord({ source, settings: resolveEncodeSettings({ ladder: [720, 360], segmentSeconds: 4 }) })
    const reordered = { ...one.settings }
    const two = jobRecord({ source, settings: Object.fromEntries(Object.entries(reordered).reverse()) as typeof reordered })
    expect(dedupeKey(one)).toBe(dedupeKey(two))
    expect(dedupeKey(one)).not.toBe(dedupeKey({ ...one, settings: resolveEncodeSettings({ ladder: [720], segmentSeconds: 4 }) }))
    expect(dedupeKey(one)).not.toBe(dedupeKey({ ...one, outputDir: '/elsewhere' }))
    expect(dedupeKey(one)).not.toBe(dedupeKey({ ...one, target: 'lab' }))
    expect(dedupeKey(one)).not.toBe(dedupeKey({ ...one, source: { kind: 'file', path: '/m/b.mp4' } }))
  })
})

describe('retry policy', () => {
  it('retries transient failures up to 3 attempts in all, waiting twice as long each time', () => {
    const policy = DEFAULT_RETRY_POLICY
    expect(shouldRetry({ code: 'DOWNLOAD_FAILED', message: '' }, 1, policy)).toBe(true)
    expect(shouldRetry({ code: 'TIMEOUT', message: '' }, 2, policy)).toBe(true)
    expect(shouldRetry({ code: 'STORAGE_FAILED', message: '' }, 3, policy)).toBe(false)
    expect(backoffDelayMs(1, policy)).toBe(policy.baseDelayMs)
    expect(backoffDelayMs(2, policy)).toBe(policy.baseDelayMs * 2)
    expect(backoffDelayMs(3, policy)).toBe(policy.baseDelayMs * 4)
    expect(backoffDelayMs(30, policy)).toBe(policy.maxDelayMs)
  })

  it('never retries a file that is not media, or anything a retry cannot fix', () => {
    for (const code of ['NOT_MEDIA', 'EMPTY_FILE', 'TRUNCATED', 'NO_STREAMS', 'FILE_NOT_FOUND', 'INVALID_INPUT', 'CANCELLED'] as const) {
      expect(shouldRetry({ code, message: '' }, 1, DEFAULT_RETRY_POLICY)).toBe(false)
    }
  })
})

describe('batch progress', () => {
  it('reads "3 of 10" from the jobs of the batch that still exist', () => {
    const batch = { id: 'batch-1', label: 'Season 1', createdAt: '', jobIds: [], skipped: [] }
    const statuses = ['COMPLETED', 'COMPLETED', 'FAILED', 'ENCODING', 'QUEUED', 'QUEUED', 'QUEUED', 'QUEUED', 'QUEUED', 'CANCELLED'] as const
    const jobs = [...statuses.map((status) => jobRecord({ status, batchId: 'batch-1' })), jobRecord({ status: 'COMPLETED', batchId: 'other' })]
    expect(batchProgress(batch, jobs)).toEqual({
      batchId: 'batch-1',
      label: 'Season 1',
      total: 10,
      completed: 2,
      failed: 1,
      cancelled: 1,
      active: 1,
      queued: 5,
      finished: 4,
      summary: '4 of 10'
    })
  })
})
