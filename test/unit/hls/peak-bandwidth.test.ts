import { describe, expect, it } from 'vitest'
import { measureBandwidth, peakSegmentBitrate } from '../../../src/main/engine/hls/media-playlist'
import { rfcPeakBitrate } from '../../helpers/conformance'

const segment = (durationSeconds: number, kbits: number) => ({ durationSeconds, bytes: (kbits * 1000) / 8 })

describe('RFC 8216 peak segment bit rate', () => {
  it('does not let a runt tail set the peak: a 0.1 s segment alone is not 0.5–1.5 target durations', () => {
    // 6 s at 3 Mbit/s twice, then 0.1 s holding a whole GOP's worth of bits (9 Mbit/s alone).
    const segments = [segment(6, 18_000), segment(6, 18_000), segment(0.1, 900)]
    const { peak, average } = measureBandwidth(segments, 6)
    // The worst run is the last full segment plus the tail: 18.9 Mbit over 6.1 s.
    expect(peak).toBe(Math.ceil(18_900_000 / 6.1))
    expect(average).toBe(Math.ceil(36_900_000 / 12.1))
  })

  it('takes the busiest run of short segments that together last long enough', () => {
    // Target 6: one 2 s segment is too short to count alone, three of them are a run.
    const segments = [segment(2, 2_000), segment(2, 8_000), segment(2, 8_000), segment(2, 8_000), segment(2, 2_000)]
    expect(peakSegmentBitrate(segments, 6)).toBe(Math.ceil(24_000_000 / 6))
  })

  it('measures a playlist shorter than half a target duration whole', () => {
    expect(peakSegmentBitrate([segment(0.4, 100)], 1)).toBe(Math.ceil(100_000 / 0.4))
  })

  it('agrees with the conformance helper, which computes it by brute force from the same sizes', () => {
    const sizes = [1800, 2600, 900, 4100, 300, 2500, 2200, 50]
    const durations = [2, 2.5, 1, 3, 0.5, 2, 2, 0.2]
    const segments = sizes.map((kbits, i) => segment(durations[i]!, kbits))
    const helper = rfcPeakBitrate(segments.map((s) => ({ bytes: s.bytes, duration: s.durationSeconds })), 3)
    expect(peakSegmentBitrate(segments, 3)).toBe(Math.ceil(helper))
  })
})
