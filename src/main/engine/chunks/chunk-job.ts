import type { MediaInfo } from '@shared/media'
import type { EncodePlan } from '@shared/plan'
import { buildVideoFilterGraph, GLOBAL_ARGS, LIBX264_SETUP, type VideoEncoderSetup } from '../media/encode-args'
import { BT709_TAG_ARGS } from '../media/picture-filters'
import { sourceInputArgs } from '../media/source-input'
import { DOWNLOAD_LABEL, mp4DownloadVideoArgs, type DownloadBranch } from '../media/mp4-download-args'
import { CHUNKS_FOLDER } from '../pipeline/package-dirs'
import type { ChunkRange } from './chunk-plan'

export { CHUNKS_FOLDER }

/**
 * One chunk's work as a plain serialisable record, so a runner in this process or a worker on
 * another machine (issue 12) can run it: the source, the range, the rungs and ffmpeg's
 * arguments, with every output path relative to the job's partial folder.
 */
export interface ChunkJob {
  jobId: string
  index: number
  sourcePath: string
  range: ChunkRange
  /** The folder (relative to the partial folder) the chunk writes one file per rung into. */
  folder: string
  rungIds: string[]
  /** The MP4 download's picture for this chunk, a file like a rung's (`<folder>/dl.mp4`), joined at the end. */
  downloadId?: string
  /** Frames every rung file must hold (constant frame rate, not the last chunk). */
  expectedFrames?: number
  /** Seconds the chunk covers, for progress (the last chunk: to the end of the source). */
  durationSeconds: number
  args: string[]
  /**
   * What the arguments were built from, so a worker can build them again with its own encoder
   * (same rungs, GOP and keyframes). Absent when extra filters name files on this machine.
   */
  recipe?: ChunkRecipe
}

export interface ChunkRecipe {
  plan: EncodePlan
  info: MediaInfo
  range: ChunkRange
  /** The MP4 download's branch, so a worker that rebuilds the arguments still writes it. */
  download?: DownloadBranch
}

export function chunkFolder(index: number): string {
  return `${CHUNKS_FOLDER}/c${String(index).padStart(5, '0')}`
}

export function chunkRungFile(job: Pick<ChunkJob, 'folder'>, rungId: string): string {
  return `${job.folder}/${rungId}.mp4`
}

/** Every file a chunk writes and a worker hands back: one per rung, and the MP4 download's picture. */
export function chunkOutputIds(job: Pick<ChunkJob, 'rungIds' | 'downloadId'>): string[] {
  return job.downloadId ? [...job.rungIds, job.downloadId] : job.rungIds
}

/**
 * Seek and cut points on the source timeline. Constant frame rate: half a source frame before
 * the chunk's first frame and before the next chunk's, so rounding in a timestamp can never
 * take or leave a frame (seeking by whole seconds at 29.97 duplicated one in a trial). Half a
 * *source* frame: when the rate is halved (60 → 30), half an output frame lands on a source frame.
 * Variable frame rate: the boundaries themselves, a tenth of a millisecond early, so a frame
 * exactly on one belongs to the chunk it starts.
 */
function cutPoints(range: ChunkRange, frameRate: number, sourceFrameRate: number): { seek: number; end?: number } {
  if (range.firstFrame !== undefined) {
    const origin = range.videoStartSeconds ?? 0
    const half = 0.5 / Math.max(frameRate, sourceFrameRate)
    const seek = Math.max(0, origin + range.firstFrame / frameRate - half)
    const end = range.frameCount !== undefined ? origin + (range.firstFrame + range.frameCount) / frameRate - half : undefined
    return { seek, end }
  }
  return { seek: Math.max(0, range.startSeconds - 0.0001), end: range.endSeconds !== undefined ? range.endSeconds - 0.0001 : undefined }
}

const seconds = (value: number): string => value.toFixed(6)

export interface ChunkJobInput {
  jobId: string
  plan: EncodePlan
  info: MediaInfo
  range: ChunkRange
  extraVideoFilters?: string[]
  encoder?: VideoEncoderSetup
  download?: DownloadBranch
}

/**
 * The chunk's ffmpeg command: seek, decode its range once, prepare the picture on the source's
 * own timeline (burned-in subtitles and a halved frame rate see true times), split to every
 * rung, and shift each rung so the chunk's boundary is time 0. The keyframe rule every encoder
 * uses, `gte(t, n_forced*k)`, then forces keyframes exactly where a single pass forces them,
 * because a chunk starts on a whole number of keyframe intervals.
 */
export function buildChunkJob(input: ChunkJobInput): ChunkJob {
  const { plan, info, range } = input
  const video = info.video
  if (!video || !plan.video) throw new Error('buildChunkJob needs a video plan and a video stream')
  const encoder = input.encoder ?? LIBX264_SETUP
  const rungs = plan.video.rungs
  const { seek, end } = cutPoints(range, plan.video.frameRate, video.avgFrameRate || video.rFrameRate)
  const head = [`setpts=PTS+${seconds(seek)}/TB`, ...(end !== undefined ? [`trim=end=${seconds(end)}`] : [])]
  const graph = buildVideoFilterGraph(video.index, plan, rungs, input.extraVideoFilters, encoder.uploadFilters, video, head, input.download)
  const outputs = [...rungs.map((r) => r.id), ...(input.download ? [DOWNLOAD_LABEL] : [])]
  const shifts = outputs.map((id) => `[${id}]setpts=PTS-${seconds(range.startSeconds)}/TB[c${id}]`)
  const folder = chunkFolder(range.index)
  const job = { folder }
  const args = [...GLOBAL_ARGS, ...encoder.deviceArgs, '-ss', seconds(seek), ...sourceInputArgs(info.path)]
  args.push('-filter_complex', [graph, ...shifts].join(';'))
  for (const rung of rungs) {
    args.push('-map', `[c${rung.id}]`, ...encoder.rungArgs(rung, plan), ...BT709_TAG_ARGS, '-an', '-sn', '-dn')
    args.push('-avoid_negative_ts', 'disabled', '-f', 'mp4', chunkRungFile(job, rung.id))
  }
  if (input.download) {
    args.push('-map', `[c${DOWNLOAD_LABEL}]`, ...mp4DownloadVideoArgs(input.download.plan), '-an', '-sn', '-dn')
    args.push('-avoid_negative_ts', 'disabled', '-f', 'mp4', chunkRungFile(job, DOWNLOAD_LABEL))
  }
  const sourceEnd = video.durationSeconds ?? info.durationSeconds
  return {
    jobId: input.jobId,
    index: range.index,
    sourcePath: info.path,
    range,
    folder,
    rungIds: rungs.map((r) => r.id),
    downloadId: input.download ? DOWNLOAD_LABEL : undefined,
    expectedFrames: range.frameCount,
    durationSeconds: Math.max(0, (range.endSeconds ?? sourceEnd) - range.startSeconds),
    args,
    // Burned-in subtitles need this machine's files: such a chunk keeps the arguments it has.
    ...(input.extraVideoFilters?.length || input.download?.burn?.length ? {} : { recipe: { plan, info, range, download: input.download } })
  }
}
