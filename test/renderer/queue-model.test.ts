import { describe, expect, it } from 'vitest'
import { currentBatch, windowTitle } from '../../src/renderer/src/stores/batch-progress'
import { layoutQueue, moveInOrder, waitingIds } from '../../src/renderer/src/stores/queue-layout'
import { dropIndex } from '../../src/renderer/src/stores/reorder-store'
import { rungText, stageDetail, uploadText } from '../../src/renderer/src/format/job-text'
import { formatEta } from '../../src/renderer/src/format/time'
import { makeJob } from './job-fixtures'

describe('queue layout', () => {
  it('shows running jobs, then the waiting line in the engine’s order, then finished jobs newest first', () => {
    const running = makeJob({ status: 'ENCODING', startedAt: '2026-01-01T12:10:00Z' })
    const [w1, w2, w3] = [makeJob(), makeJob(), makeJob()]
    const oldDone = makeJob({ status: 'COMPLETED', finishedAt: '2026-01-01T10:00:00Z' })
    const newFail = makeJob({ status: 'FAILED', finishedAt: '2026-01-01T11:00:00Z' })
    const jobs = Object.fromEntries([running, w1!, w2!, w3!, oldDone, newFail].map((j) => [j.id, j]))
    const items = layoutQueue(jobs, [w3!.id, w1!.id, w2!.id])
    expect(items.map((i) => (i.kind === 'header' ? `[${i.section} ${i.count}]` : i.id))).toEqual([
      '[active 1]',
      running.id,
      '[queued 3]',
      w3!.id,
      w1!.id,
      w2!.id,
      '[finished 2]',
      newFail.id,
      oldDone.id
    ])
    expect(waitingIds(items)).toEqual([w3!.id, w1!.id, w2!.id])
  })

  it('places a waiting job the order list does not know yet by priority, then age', () => {
    const urgent = makeJob({ priority: 5 })
    const plain = makeJob()
    const items = layoutQueue({ [plain.id]: plain, [urgent.id]: urgent }, [])
    expect(waitingIds(items)).toEqual([urgent.id, plain.id])
  })

  it('moves within the waiting line the way jobs.move counts (index among the others)', () => {
    expect(moveInOrder(['a', 'b', 'c', 'd'], 'a', 2)).toEqual(['b', 'c', 'a', 'd'])
    expect(moveInOrder(['a', 'b', 'c'], 'c', 0)).toEqual(['c', 'a', 'b'])
    expect(dropIndex(['a', 'b', 'c', 'd'], 'a', 'c', 'after')).toBe(2)
    expect(dropIndex(['a', 'b', 'c', 'd'], 'd', 'a', 'before')).toBe(0)
    expect(dropIndex(['a', 'b'], 'a', 'zz', 'before')).toBeUndefined()
  })
})

describe('batch progress', () => {
  it('follows the newest batch with work left and counts "3 of 10" from end states', () => {
    const old = [makeJob({ batchId: 'old', status: 'COMPLETED' })]
    const current = [
      ...Array.from({ length: 2 }, () => makeJob({ batchId: 'now', status: 'COMPLETED' })),
      makeJob({ batchId: 'now', status: 'FAILED' }),
      makeJob({ batchId: 'now', status: 'ENCODING', progress: { percent: 50, stage: 'ENCODING' } }),
      ...Array.from({ length: 6 }, () => makeJob({ batchId: 'now' }))
    ]
    const jobs = Object.fromEntries([...old, ...current].map((j) => [j.id, j]))
    const batch = currentBatch(jobs, { now: 'Season 2' })
    expect(batch).toMatchObject({ batchId: 'now', label: 'Season 2', total: 10, finished: 3, failed: 1, active: 1 })
    expect(batch!.percent).toBeCloseTo((3 * 100 + 50) / 10)
    expect(windowTitle(batch, false)).toBe('3 of 10 · 35% — HLS Studio')
    expect(windowTitle(batch, true)).toBe('3 of 10 · paused — HLS Studio')
  })

  it('leaves the title plain when nothing is running', () => {
    const done = makeJob({ batchId: 'b', status: 'COMPLETED' })
    expect(windowTitle(currentBatch({ [done.id]: done }, {}), false)).toBe('HLS Studio')
  })
})

describe('job wording', () => {
  it('names the rung being encoded, or the rungs encoded together', () => {
    expect(rungText({ percent: 40, stage: 'ENCODING', currentVariant: '720p', variantIndex: 2, variantCount: 4 })).toBe('720p · 2 of 4')
    expect(rungText({ percent: 40, stage: 'ENCODING', currentVariant: '1080p + 720p + 480p + 360p', variantIndex: 1, variantCount: 4 })).toBe('4 rungs at once · 1080p–360p')
    expect(uploadText({ percent: 90, stage: 'UPLOADING', completedSegments: 37, totalSegments: 120 })).toBe('Segments 37 of 120')
    // Chunks shared with workers: progress and how many machines delivered one.
    const workers = ['nas', 'laptop', 'nas', null, null]
    expect(rungText({ percent: 50, stage: 'ENCODING', completedChunks: 3, totalChunks: 5, variantCount: 2, chunkWorkers: workers })).toBe('Chunks 3/5 · 2 workers')
    expect(rungText({ percent: 50, stage: 'ENCODING', completedChunks: 3, totalChunks: 5, variantCount: 2 })).toBe('Encoding chunk 4/5 · 2 rungs at once')
  })

  it('says why a job failed in its own words, and what waits for an upload', () => {
    expect(stageDetail(makeJob({ status: 'FAILED', error: { code: 'NOT_MEDIA', message: 'This file is not media (notes.mp4).' } }))).toBe('This file is not media (notes.mp4).')
    const encoded = makeJob({ target: 'r2', outputs: { dir: '/o', masterPlaylist: 'master.m3u8', manifest: 'job.json', totalBytes: 1, variants: [] } })
    expect(stageDetail(encoded)).toBe('Encoded · waiting to upload to r2')
  })

  it('rounds the ETA the way a person says it', () => {
    expect(formatEta(4)).toBe('a few seconds left')
    expect(formatEta(42)).toBe('40 s left')
    expect(formatEta(185)).toBe('3 min left')
    expect(formatEta(3 * 3600 + 20 * 60)).toBe('3 h 20 min left')
  })
})
