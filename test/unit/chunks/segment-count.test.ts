import { describe, expect, it } from 'vitest'
import { planChunks } from '../../../src/main/engine/chunks/chunk-plan'
import { packageSegmentCount, segmentsIn } from '../../../src/main/engine/chunks/segment-count'

describe('segments a package will hold', () => {
  it('counts whole segments, a tail of a third of one or more as its own, a shorter one folded', () => {
    expect(segmentsIn(12, 6)).toBe(2)
    expect(segmentsIn(14, 6)).toBe(3)
    expect(segmentsIn(13.9, 6)).toBe(2)
    expect(segmentsIn(12.000001, 6)).toBe(2)
    expect(segmentsIn(1, 6)).toBe(1)
    expect(segmentsIn(0, 6)).toBe(0)
  })

  it('counts every rung and audio rendition of a chunked package: 20 min at 6 s, 4 rungs, 1 audio', () => {
    const chunkPlan = planChunks({ durationSeconds: 1201, frameRate: 30, variableFrameRate: false, segmentSeconds: 6, chunkSeconds: 60 })!
    expect(chunkPlan.chunks).toHaveLength(20)
    // 1201 s: 200 segments and a 1 s runt folded into the last one.
    expect(packageSegmentCount({ chunkPlan, lastChunkSeconds: 61, totalSeconds: 1201, segmentSeconds: 6, rungs: 4, audioRenditions: 1 })).toBe(1000)
    expect(packageSegmentCount({ chunkPlan, lastChunkSeconds: 61, totalSeconds: 1201, segmentSeconds: 6, rungs: 4, audioRenditions: 2 })).toBe(1200)
  })
})
