/**
 * Cutting a long video into chunks of whole segments (pure). A chunk is the unit of video work:
 * it decodes its range of the source once and encodes every rung; the rungs of all chunks are
 * then joined without re-encoding (see stitch.ts). Audio never goes through chunks.
 */

/** Default chunk length: 10 segments of the default 6 s (Bitmovin: rate control resets at each seam, keep chunks at tens of seconds). */
export const DEFAULT_CHUNK_SECONDS = 60

export interface ChunkPlanInput {
  /** The video's length on the source timeline, from its first frame. */
  durationSeconds: number
  /** Output frame rate (the plan's). */
  frameRate: number
  variableFrameRate: boolean
  /** Where the video's first frame sits on the file's timeline (see VideoStreamInfo.startOffsetSeconds). */
  videoStartSeconds?: number
  segmentSeconds: number
  /** Wanted chunk length; rounded to whole segments. 0: one pass. */
  chunkSeconds: number
}

/** One chunk's range of the source. */
export interface ChunkRange {
  index: number
  /** Where the chunk's first segment starts on the source timeline (a whole number of segments). */
  startSeconds: number
  /** Where the next chunk starts; absent for the last chunk, which runs to the end of the source. */
  endSeconds?: number
  /**
   * Constant frame rate: the first frame's number, counted from the video's first frame. It is
   * the first frame at or after startSeconds, which is where a single pass forces its keyframe.
   */
  firstFrame?: number
  /** Constant frame rate: where frame 0 sits on the file's timeline. */
  videoStartSeconds?: number
  /** Constant frame rate: how many frames the chunk holds; absent for the last chunk. */
  frameCount?: number
}

export interface ChunkPlan {
  /** Chunk length actually used: whole segments. */
  chunkSeconds: number
  segmentsPerChunk: number
  chunks: ChunkRange[]
}

/** First frame at or after `seconds`; the epsilon keeps 2.0 s at 25 fps on frame 50, not 51. */
export function firstFrameAtOrAfter(seconds: number, frameRate: number): number {
  return Math.ceil(seconds * frameRate - 1e-6)
}

/**
 * The chunks of a source, or undefined when it takes the single pass: chunking is off (0), or
 * the source is no longer than two chunks. A last chunk shorter than one segment joins the one
 * before, so no chunk is a sliver of a few frames.
 */
export function planChunks(input: ChunkPlanInput): ChunkPlan | undefined {
  if (!(input.chunkSeconds > 0) || !(input.segmentSeconds > 0) || !(input.durationSeconds > 0)) return undefined
  const segmentsPerChunk = Math.max(1, Math.round(input.chunkSeconds / input.segmentSeconds))
  const chunkSeconds = segmentsPerChunk * input.segmentSeconds
  if (input.durationSeconds <= 2 * chunkSeconds) return undefined

  let count = Math.ceil(input.durationSeconds / chunkSeconds - 1e-9)
  const tail = input.durationSeconds - (count - 1) * chunkSeconds
  if (tail < input.segmentSeconds && count > 1) count -= 1

  const constantRate = !input.variableFrameRate && input.frameRate > 0
  const chunks: ChunkRange[] = []
  for (let index = 0; index < count; index++) {
    const startSeconds = index * chunkSeconds
    const last = index === count - 1
    const endSeconds = last ? undefined : startSeconds + chunkSeconds
    const range: ChunkRange = { index, startSeconds, endSeconds }
    if (constantRate) {
      // Frame n sits at videoStart + n / rate on the timeline the keyframe rule reads.
      const origin = input.videoStartSeconds ?? 0
      range.videoStartSeconds = origin
      range.firstFrame = firstFrameAtOrAfter(startSeconds - origin, input.frameRate)
      if (endSeconds !== undefined) range.frameCount = firstFrameAtOrAfter(endSeconds - origin, input.frameRate) - range.firstFrame
    }
    chunks.push(range)
  }
  return { chunkSeconds, segmentsPerChunk, chunks }
}
