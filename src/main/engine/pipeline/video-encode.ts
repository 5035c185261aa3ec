import type { SpectrogramOptions } from '../media/images/spectrogram-args'
import type { DownloadBranch } from '../media/mp4-download-args'
import type { OnLog } from '@shared/log-levels'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { StudioError, isStudioError } from '@shared/errors'
import type { MediaInfo } from '@shared/media'
import { variantIds, type EncodePlan } from '@shared/plan'
import { readMediaPlaylist } from '../hls/media-playlist'
import { buildEncodeCommands, LIBX264_SETUP, PLAYLIST_NAME } from '../media/encode-args'
import { runEncode, type EncodeProgress } from '../media/encode'
import { proofFailureReason } from '../media/hardware/encoder-proof'
import { hardwareEncoderSpec, videoEncoderSetup } from '../media/hardware/video-encoders'
import { MediaProcessFailure } from '../media/runner'
import { fallbackWarning } from './video-encoder-choice'
import { CHUNKS_FOLDER } from '../chunks/chunk-job'
import { encodeInChunks, type ChunkState } from '../chunks/chunked-encode'
import { planChunks, type ChunkPlan } from '../chunks/chunk-plan'
import { InProcessChunkRunner, type ChunkRunner, type ChunkRunReport } from '../chunks/chunk-runner'
import { parallelChunksFor } from '../chunks/parallelism'

export interface EncodeStepInput {
  ffmpegPath: string
  plan: EncodePlan
  info: MediaInfo
  workDir: string
  /** Filters on the decoded picture before the ladder split, e.g. burned-in subtitles. */
  extraVideoFilters?: string[]
  env?: Record<string, string>
  /** Longest one encode may run (burn-in's budget); absent: only the stall limit applies. */
  timeoutMs?: number
  waveform?: boolean
  spectrogram?: SpectrogramOptions
  /** The MP4 download, made from the same decode as the rungs. */
  download?: DownloadBranch
  signal?: AbortSignal
  onProgress?: (progress: EncodeProgress) => void
  onLog?: OnLog
  /** Long videos: chunk length (0 or absent: one pass), chunks at once, and where chunks run. */
  chunking?: ChunkingOptions
}

export interface ChunkingOptions {
  jobId: string
  ffprobePath: string
  chunkSeconds: number
  parallelChunks?: number
  /** Default: ffmpeg in this process. */
  runner?: ChunkRunner
  onChunkState?: (index: number, state: ChunkState, by?: ChunkRunReport) => void
  onSegmentsFinal?: (paths: string[]) => void
}

export interface EncodeStepResult {
  /** The plan as encoded: after a fallback its encoder is libx264. */
  plan: EncodePlan
  /** "fell back to libx264: <reason>" when the hardware encoder failed. */
  fallbackWarning?: string
}

/** A hardware failure in ffmpeg's own words, e.g. "OpenEncodeSessionEx failed: out of memory (10)". */
export function hardwareFailureReason(encoder: string, error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined
  if (cause instanceof MediaProcessFailure) return `${encoder}: ${proofFailureReason(encoder, cause.stderrTail)}`
  return `${encoder}: ${error instanceof Error ? error.message : String(error)}`
}

/**
 * Rungs whose segments do not share boundaries would break ABR switching: a hardware encoder
 * that ignored forced keyframes shows up here, and its output is not used.
 */
export async function checkAlignedSegments(workDir: string, plan: EncodePlan): Promise<void> {
  const ids = variantIds(plan)
  const durations = await Promise.all(
    ids.map(async (id) => (await readMediaPlaylist(workDir, `${id}/${PLAYLIST_NAME}`)).segments.map((s) => s.durationSeconds))
  )
  const reference = durations[0] ?? []
  for (const [i, list] of durations.entries()) {
    const aligned = list.length === reference.length && list.every((d, n) => Math.abs(d - reference[n]!) <= 0.05)
    if (!aligned) {
      throw new StudioError('FFMPEG_FAILED', `segment boundaries of ${ids[i]} do not line up with ${ids[0]} (keyframes were not forced)`)
    }
  }
}

/** The chunks of a video encode, or undefined for the single pass (short source, chunking off, audio job, waveform). */
export function chunkPlanFor(input: Pick<EncodeStepInput, 'info' | 'chunking' | 'waveform'>, plan: EncodePlan): ChunkPlan | undefined {
  const video = input.info.video
  if (plan.kind !== 'video' || !plan.video || !video || !input.chunking || input.waveform) return undefined
  return planChunks({
    durationSeconds: video.durationSeconds ?? input.info.durationSeconds,
    frameRate: plan.video.frameRate,
    variableFrameRate: video.variableFrameRate,
    videoStartSeconds: video.startOffsetSeconds,
    segmentSeconds: plan.segmentSeconds,
    chunkSeconds: input.chunking.chunkSeconds
  })
}

/** Encodes every rung once; returns the plan with how it was chunked, if it was. */
async function encodeOnce(input: EncodeStepInput, plan: EncodePlan): Promise<EncodePlan> {
  const encoder = plan.video?.encoder ?? LIBX264_SETUP.encoder
  const chunkPlan = chunkPlanFor(input, plan)
  if (chunkPlan && input.chunking) {
    const runner: ChunkRunner = input.chunking.runner ?? new InProcessChunkRunner({ ffmpegPath: input.ffmpegPath })
    const workers: NonNullable<NonNullable<EncodePlan['chunking']>['workers']> = []
    const onChunkState = input.chunking.onChunkState
    await encodeInChunks({
      jobId: input.chunking.jobId,
      ffmpegPath: input.ffmpegPath,
      ffprobePath: input.chunking.ffprobePath,
      plan,
      info: input.info,
      chunkPlan,
      workDir: input.workDir,
      encoder: videoEncoderSetup(encoder),
      runner,
      parallel: runner.lanes?.(chunkPlan.chunks.length) ?? parallelChunksFor(input.chunking.parallelChunks),
      extraVideoFilters: input.extraVideoFilters,
      download: input.download,
      spectrogram: input.spectrogram,
      env: input.env,
      timeoutMs: input.timeoutMs,
      signal: input.signal,
      onProgress: input.onProgress,
      onLog: input.onLog,
      onChunkState: (index, state, by) => {
        if (by) workers.push({ index, worker: by.worker, attempts: by.attempts, ...(by.encoder ? { encoder: by.encoder } : {}) })
        onChunkState?.(index, state, by)
      },
      onSegmentsFinal: input.chunking.onSegmentsFinal
    })
    if (hardwareEncoderSpec(encoder)) await checkAlignedSegments(input.workDir, plan)
    const chunking = { chunkSeconds: chunkPlan.chunkSeconds, chunkCount: chunkPlan.chunks.length }
    return { ...plan, chunking: workers.length > 0 ? { ...chunking, workers: workers.sort((a, b) => a.index - b.index) } : chunking }
  }
  // Checkpoints of an earlier chunked attempt are of no use to a single pass.
  await rm(join(input.workDir, CHUNKS_FOLDER), { recursive: true, force: true })
  const commands = buildEncodeCommands(
    { plan, info: input.info, inputPath: input.info.path, extraVideoFilters: input.extraVideoFilters, waveform: input.waveform, spectrogram: input.spectrogram, download: input.download },
    videoEncoderSetup(encoder)
  )
  await runEncode({
    ffmpegPath: input.ffmpegPath,
    commands,
    info: input.info,
    workDir: input.workDir,
    segmentSeconds: plan.segmentSeconds,
    env: input.env,
    timeoutMs: input.timeoutMs,
    signal: input.signal,
    onLog: input.onLog,
    onProgress: input.onProgress
  })
  if (hardwareEncoderSpec(encoder)) await checkAlignedSegments(input.workDir, plan)
  return plan
}

/** Worth redoing with libx264: the encoder failed, not the source and not the person. */
export function isEncoderFailure(error: unknown): boolean {
  return isStudioError(error) && (error.code === 'FFMPEG_FAILED' || error.code === 'TIMEOUT')
}

/**
 * Encodes every rung. When a hardware encoder fails part-way (a session limit, a driver reset,
 * keyframes it would not force), the half-written variants are removed and the encode is
 * redone with libx264, and the job says so.
 */
export async function encodeWithFallback(input: EncodeStepInput): Promise<EncodeStepResult> {
  const encoder = input.plan.video?.encoder
  try {
    return { plan: await encodeOnce(input, input.plan) }
  } catch (error) {
    if (!encoder || !hardwareEncoderSpec(encoder) || !isEncoderFailure(error) || input.signal?.aborted) throw error
    const warning = fallbackWarning(hardwareFailureReason(encoder, error))
    input.onLog?.(warning, 'warn')
    for (const id of [...variantIds(input.plan), ...(input.plan.audioRenditions ?? []).map((r) => r.id), CHUNKS_FOLDER]) {
      await rm(join(input.workDir, id), { recursive: true, force: true })
    }
    const plan: EncodePlan = { ...input.plan, video: { ...input.plan.video!, encoder: LIBX264_SETUP.encoder } }
    return { plan: await encodeOnce(input, plan), fallbackWarning: warning }
  }
}
