import { buildChunkJob, type ChunkJob } from '../chunks/chunk-job'
import { LIBX264_SETUP } from '../media/encode-args'
import { codecFamilyOf, hardwareEncoderSpec, videoEncoderSetup } from '../media/hardware/video-encoders'
import type { MediaToolkit } from '../media/toolkit'
import { hardwareFailureReason, isEncoderFailure } from '../pipeline/video-encode'
import { encoderReportFor, fallbackWarning, needsEncoderReport, resolveVideoEncoder } from '../pipeline/video-encoder-choice'

export interface WorkerEncoder {
  /** What this worker encodes chunks with. */
  encoder: string
  /** Encoders this worker's ffmpeg proved it can open (announced in the heartbeat). */
  proven: string[]
  /** Why the encoder asked for is not the one used, in plain words. */
  fallbackReason?: string
}

/**
 * `--encoder auto|libx264|<hw>`, chosen as a local job chooses: the proofs of this machine's
 * ffmpeg (cached in its data folder), the best proven hardware encoder for `auto`, libx264
 * (with the reason) for a named one that cannot open here.
 */
export async function chooseWorkerEncoder(requested: string, toolkit: MediaToolkit, signal?: AbortSignal): Promise<WorkerEncoder> {
  const report = needsEncoderReport(requested) ? await encoderReportFor(toolkit, { signal }) : undefined
  const choice = resolveVideoEncoder(requested, toolkit, report)
  const hardware = report?.encoders.filter((e) => e.usable && hardwareEncoderSpec(e.name)).map((e) => e.name) ?? []
  return { encoder: choice.encoder, proven: [LIBX264_SETUP.encoder, ...hardware], ...(choice.fallbackReason ? { fallbackReason: choice.fallbackReason } : {}) }
}

/**
 * The chunk as this worker encodes it with `encoder`: its arguments built again from the
 * chunk's recipe, so rungs, bitrates, GOP, keyframes and cut points stay the coordinator's and
 * only the encoder changes. The codec cannot change (the rungs are stitched with the others'):
 * an H.264 job takes libx264 when this worker's own encoder makes HEVC, and a job without a
 * recipe, or of a codec libx264 cannot make, keeps the coordinator's arguments.
 */
export function chunkWithEncoder(chunk: ChunkJob, encoder: string): { chunk: ChunkJob; encoder: string } {
  const recipe = chunk.recipe
  const jobEncoder = recipe?.plan.video?.encoder ?? LIBX264_SETUP.encoder
  if (!recipe) return { chunk, encoder: jobEncoder }
  const usable = codecFamilyOf(encoder) === codecFamilyOf(jobEncoder) ? encoder : codecFamilyOf(jobEncoder) === 'h264' ? LIBX264_SETUP.encoder : jobEncoder
  if (usable === jobEncoder) return { chunk, encoder: jobEncoder }
  const rebuilt = buildChunkJob({ jobId: chunk.jobId, plan: recipe.plan, info: recipe.info, range: recipe.range, download: recipe.download, encoder: videoEncoderSetup(usable) })
  return { chunk: { ...chunk, args: rebuilt.args }, encoder: usable }
}

/**
 * Encodes the chunk with this worker's encoder and returns the encoder that made it. As a
 * local job does, a hardware encoder that fails (a session limit, a driver reset) gives way
 * to libx264, and the worker says why.
 */
export async function encodeWithOwnEncoder(
  chunk: ChunkJob,
  encoder: string,
  io: { encode: (chunk: ChunkJob) => Promise<void>; signal: AbortSignal; onLog: (line: string) => void }
): Promise<string> {
  const own = chunkWithEncoder(chunk, encoder)
  try {
    await io.encode(own.chunk)
    return own.encoder
  } catch (error) {
    const fallback = chunkWithEncoder(chunk, LIBX264_SETUP.encoder)
    if (!hardwareEncoderSpec(own.encoder) || fallback.encoder === own.encoder || io.signal.aborted || !isEncoderFailure(error)) throw error
    io.onLog(fallbackWarning(hardwareFailureReason(own.encoder, error)))
    await io.encode(fallback.chunk)
    return fallback.encoder
  }
}
