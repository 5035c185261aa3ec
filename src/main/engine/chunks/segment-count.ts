import { RUNT_FRACTION } from '../hls/segment-join'
import type { ChunkPlan } from './chunk-plan'

/**
 * Segments a stretch of `seconds` is cut into at `segmentSeconds` (keyframes sit on every
 * boundary), once a last segment shorter than a third of one is folded into the one before,
 * as the join does (foldRuntTail). The epsilon keeps 40.000001 s at 6 whole segments.
 */
export function segmentsIn(seconds: number, segmentSeconds: number): number {
  if (!(seconds > 0) || !(segmentSeconds > 0)) return 0
  const whole = Math.floor(seconds / segmentSeconds + 1e-6)
  const rest = seconds - whole * segmentSeconds
  return Math.max(1, whole + (rest >= segmentSeconds * RUNT_FRACTION - 1e-6 ? 1 : 0))
}

/**
 * How many media segments the finished package will hold (every rung and every audio
 * rendition; init segments are not media), known before the first chunk is encoded: what a
 * job's "uploaded 312/1,200 segments" counts against while it encodes.
 */
export function packageSegmentCount(input: {
  chunkPlan: ChunkPlan
  /** The last chunk's length: it runs to the end of the source. */
  lastChunkSeconds: number
  /** The video's whole length, which the audio renditions share. */
  totalSeconds: number
  segmentSeconds: number
  rungs: number
  audioRenditions: number
}): number {
  const { chunkPlan, segmentSeconds } = input
  const perRung = (chunkPlan.chunks.length - 1) * chunkPlan.segmentsPerChunk + segmentsIn(input.lastChunkSeconds, segmentSeconds)
  return perRung * input.rungs + segmentsIn(input.totalSeconds, segmentSeconds) * input.audioRenditions
}
