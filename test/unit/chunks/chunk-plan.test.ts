import { describe, expect, it } from 'vitest'
import { firstFrameAtOrAfter, planChunks } from '../../../src/main/engine/chunks/chunk-plan'
import { defaultParallelChunks, parallelChunksFor } from '../../../src/main/engine/chunks/parallelism'

const base = { frameRate: 25, variableFrameRate: false, segmentSeconds: 6, chunkSeconds: 60 }

describe('planChunks', () => {
  it('takes the single pass when chunking is off or the source is two chunks or shorter', () => {
    expect(planChunks({ ...base, durationSeconds: 600, chunkSeconds: 0 })).toBeUndefined()
    expect(planChunks({ ...base, durationSeconds: 120 })).toBeUndefined()
    // Just over two chunks: chunked, the sliver joining the last chunk.
    expect(planChunks({ ...base, durationSeconds: 120.04 })?.chunks).toHaveLength(2)
    expect(planChunks({ ...base, durationSeconds: 127 })?.chunks).toHaveLength(3)
  })

  it('cuts whole segments, rounding the chunk length to them', () => {
    const plan = planChunks({ ...base, durationSeconds: 200, chunkSeconds: 50 })!
    expect(plan.segmentsPerChunk).toBe(8)
    expect(plan.chunkSeconds).toBe(48)
    expect(plan.chunks.map((c) => c.startSeconds)).toEqual([0, 48, 96, 144, 192])
    expect(plan.chunks.at(-1)!.endSeconds).toBeUndefined()
  })

  it('joins a last chunk shorter than a segment to the one before', () => {
    const plan = planChunks({ ...base, durationSeconds: 183 })!
    expect(plan.chunks.map((c) => c.startSeconds)).toEqual([0, 60, 120])
    expect(plan.chunks[1]!.endSeconds).toBe(120)
  })

  it('counts frames at a constant rate, with no frame lost or taken twice at a seam', () => {
    const rate = 30000 / 1001
    const plan = planChunks({ ...base, frameRate: rate, durationSeconds: 600 })!
    for (const [i, chunk] of plan.chunks.entries()) {
      const next = plan.chunks[i + 1]
      if (next) expect(chunk.firstFrame! + chunk.frameCount!).toBe(next.firstFrame)
      // The first frame at or after the boundary: where a single pass forces its keyframe.
      expect(chunk.firstFrame! / rate).toBeGreaterThanOrEqual(chunk.startSeconds - 1e-9)
      expect((chunk.firstFrame! - 1) / rate).toBeLessThan(chunk.startSeconds)
    }
    expect(plan.chunks[1]!.firstFrame).toBe(1799) // 60 s × 29.97 = 1798.2 → frame 1799
  })

  it('counts frames from where the video starts when the sound starts first', () => {
    // Frame n at 0.03 + n/25: the first at or after 60 s is frame 1500 (60.03), not 1499.
    const plan = planChunks({ ...base, durationSeconds: 200, videoStartSeconds: 0.03 })!
    expect(plan.chunks[1]).toMatchObject({ firstFrame: 1499 + 1, videoStartSeconds: 0.03 })
    const late = planChunks({ ...base, durationSeconds: 200, videoStartSeconds: 0.05 })!
    expect(late.chunks[1]!.firstFrame).toBe(1499) // 0.05 + 1499/25 = 60.01
  })

  it('keeps a frame exactly on a boundary in the chunk it starts', () => {
    expect(firstFrameAtOrAfter(60, 25)).toBe(1500)
    expect(firstFrameAtOrAfter(2, 24)).toBe(48)
  })

  it('cuts variable frame rate sources by timestamp, without frame numbers', () => {
    const plan = planChunks({ ...base, variableFrameRate: true, durationSeconds: 300 })!
    expect(plan.chunks.every((c) => c.firstFrame === undefined && c.frameCount === undefined)).toBe(true)
    expect(plan.chunks.map((c) => c.endSeconds)).toEqual([60, 120, 180, 240, undefined])
  })
})

describe('parallel chunks', () => {
  it('runs one chunk at a time on up to 4 cores, one more per 4 cores beyond', () => {
    expect(defaultParallelChunks(2)).toBe(1)
    expect(defaultParallelChunks(4)).toBe(1)
    expect(defaultParallelChunks(16)).toBe(4)
    expect(parallelChunksFor(3, 2)).toBe(3)
    expect(parallelChunksFor(0, 8)).toBe(2)
  })
})
