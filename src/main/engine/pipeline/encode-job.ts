import type { OnLog } from '@shared/log-levels'
import { mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { JobOutputs, JobProgress, PackageManifest } from '@shared/job'
import type { MediaInfo } from '@shared/media'
import type { EncodePlan } from '@shared/plan'
import type { EncodeSettings } from '@shared/settings'
import { writePackage } from '../hls/package-writer'
import { MANIFEST_FILE } from '../hls/package-files'
import { canToneMap, deinterlacerOf } from '../media/capabilities'
import { codecFamilyOf } from '../media/hardware/video-encoders'
import { THUMBNAILS_FOLDER } from '../media/images/image-args'
import { planEncode } from '../media/ladder'
import { probeMedia } from '../media/probe'
import { WORK_FOLDER } from '../media/subtitles/subtitle-work'
import type { MediaToolkit } from '../media/toolkit'
import { makeJobImages } from './job-images'
import { prepareDownload, summarizeDownload } from './job-download'
import { planMp4Download } from '../media/mp4-download-args'
import { measureJobQuality } from './job-quality'
import { settledInOrder } from '../settled'
import { stopOrphanedEncoders } from '../media/orphaned-encoders'
import { prepareSubtitlesForJob, writeSoftSubtitles } from './job-subtitles'
import { burnInTimeBudgetMs } from '../media/subtitles/subtitle-limits'
import { encodeWithFallback } from './video-encode'
import { stoppedByStudio } from './studio-stopping'
import type { ChunkState } from '../chunks/chunked-encode'
import type { ChunkRunner } from '../chunks/chunk-runner'
import {
  encoderReportFor,
  fallbackWarning,
  needsEncoderReport,
  resolveVideoEncoder,
  type EncoderChoice
} from './video-encoder-choice'
import { packageDirFor, partialDirFor, removeJobOutput } from './package-dirs'

export { packageDirFor, partialDirFor, removeJobOutput }

export { resolveVideoEncoder } from './video-encoder-choice'

export interface EncodeJobRequest {
  jobId: string
  slug: string
  title: string
  inputPath: string
  /** The package lands in `<outputRoot>/<slug>/<jobId>`. */
  outputRoot: string
  settings: EncodeSettings
  signal?: AbortSignal
  onStage?: (stage: 'PROBING' | 'ENCODING') => void
  onProgress?: (progress: JobProgress) => void
  onLog?: OnLog
  /** Probe result from an earlier attempt, to skip probing again. */
  probe?: MediaInfo
  /** Subtitle files found beside the source in a folder batch; the first is used when settings name none. */
  sidecarSubtitles?: string[]
  /** Where chunks of a long video run; default: ffmpeg in this process. */
  chunkRunner?: ChunkRunner
  /** job.json's createdAt (default: when the package is written); an early upload's keys depend on it. */
  createdAt?: Date
  /** Chunked encodes: segments that are final while later chunks encode, relative to `partialDir`. */
  onSegmentsFinal?: (paths: string[], partialDir: string) => void
  /** Awaited just before the partial folder becomes the package folder (e.g. uploads still reading it). */
  beforePackageMoves?: () => Promise<void>
}

export interface EncodeJobResult {
  info: MediaInfo
  plan: EncodePlan
  manifest: PackageManifest
  outputs: JobOutputs
  /** Everything the job should show a person, e.g. "fell back to libx264: …" (also in job.json). */
  warnings?: string[]
}

/** Share of the job's percent each step covers when the job only encodes. */
const PROBE_END = 2
const ENCODE_END = 93
const PACKAGE_END = 97

export function planJob(info: MediaInfo, settings: EncodeSettings, toolkit: MediaToolkit, choice?: EncoderChoice): EncodePlan {
  const needsVideoEncoder = settings.type !== 'audio' && Boolean(info.video)
  const encoder = needsVideoEncoder ? (choice ?? resolveVideoEncoder(settings.encoder, toolkit)).encoder : 'none'
  const plan = planEncode(info, settings, {
    canToneMap: canToneMap(toolkit.capabilities),
    deinterlacer: deinterlacerOf(toolkit.capabilities),
    encoder,
    encoderCodec: needsVideoEncoder ? codecFamilyOf(encoder) : undefined
  })
  return { ...plan, images: settings.images }
}

/** Proves the hardware encoders (once per binary, cached) only when the choice depends on them. */
async function chooseEncoder(info: MediaInfo, settings: EncodeSettings, toolkit: MediaToolkit, signal?: AbortSignal): Promise<EncoderChoice | undefined> {
  if (settings.type === 'audio' || !info.video) return undefined
  const report = needsEncoderReport(settings.encoder) ? await encoderReportFor(toolkit, { signal }) : undefined
  return resolveVideoEncoder(settings.encoder, toolkit, report)
}

/**
 * One source in, one finished HLS package out: probe, plan, encode (hardware when proven,
 * libx264 when not), subtitles, images, measure, write the master and job.json. Leaves nothing
 * behind on failure or cancellation.
 */
export async function encodeJob(toolkit: MediaToolkit, request: EncodeJobRequest): Promise<EncodeJobResult> {
  const { binaries } = toolkit
  const log = request.onLog ?? (() => undefined)
  const report = (progress: JobProgress): void => request.onProgress?.(progress)
  const warnings: string[] = []
  const warn = (message: string): void => {
    warnings.push(message)
    log(message, 'warn')
  }

  request.onStage?.('PROBING')
  report({ percent: 0, stage: 'PROBING' })
  const info =
    request.probe ?? (await probeMedia(request.inputPath, {
      ffprobePath: binaries.ffprobe.path,
      ffmpegPath: binaries.ffmpeg.path,
      signal: request.signal
    }))
  const choice = await chooseEncoder(info, request.settings, toolkit, request.signal)
  if (choice?.fallbackReason) warn(fallbackWarning(choice.fallbackReason))
  let plan = planJob(info, request.settings, toolkit, choice)
  plan = { ...plan, download: planMp4Download(plan, info, request.settings, request.slug) }
  for (const warning of plan.warnings) log(warning, 'warn')

  const packageDir = packageDirFor(request.outputRoot, request.slug, request.jobId)
  const workDir = partialDirFor(packageDir)
  const orphans = await stopOrphanedEncoders(workDir)
  if (orphans.length > 0) log(`Stopped ${orphans.length} ffmpeg process(es) left encoding into this job's folder by an earlier run (pid ${orphans.join(', ')}).`, 'info')
  await removeJobOutput(packageDir, { keepCheckpoints: true })
  await mkdir(workDir, { recursive: true })
  const chunkStates: ChunkState[] = []
  const chunkWorkers: Array<string | null> = []

  try {
    const subtitles = await prepareSubtitlesForJob({
      plan,
      info,
      settings: request.settings,
      sidecars: request.sidecarSubtitles,
      workDir,
      toolkit,
      signal: request.signal,
      warn
    })
    plan = subtitles.plan
    const images = request.settings.images
    const waveform = images && plan.kind === 'audio' && toolkit.capabilities.filters.includes('showwavespic')
    // Audio jobs draw one with their images; a video job's first audio track only when asked (--spectrogram).
    const wantsSpectrogram = plan.kind === 'audio' ? images : request.settings.spectrogram && Boolean(info.audio)
    const spectrogram = wantsSpectrogram && toolkit.capabilities.filters.includes('showspectrumpic')
      ? { logFrequency: toolkit.capabilities.spectrumOptions?.includes('fscale') ?? false }
      : undefined
    if (plan.kind === 'video' && wantsSpectrogram && !spectrogram) warn(`This ffmpeg has no showspectrumpic filter, so no spectrogram was drawn: ${binaries.ffmpeg.path}.`)
    const download = await prepareDownload(workDir, plan, subtitles.downloadBurnIn)
    const burnIn = subtitles.burnIn ?? subtitles.downloadBurnIn
    if (waveform || spectrogram) await mkdir(join(workDir, THUMBNAILS_FOLDER), { recursive: true })

    request.onStage?.('ENCODING')
    report({ percent: PROBE_END, stage: 'ENCODING' })
    const encodeStarted = Date.now()
    const encoded = await encodeWithFallback({
      ffmpegPath: binaries.ffmpeg.path,
      plan,
      info,
      workDir,
      extraVideoFilters: subtitles.burnIn ? [subtitles.burnIn.filter] : undefined,
      env: burnIn?.env,
      timeoutMs: burnIn ? burnInTimeBudgetMs(info.durationSeconds) : undefined,
      waveform,
      spectrogram,
      download,
      signal: request.signal,
      onLog: log,
      chunking: {
        jobId: request.jobId,
        ffprobePath: binaries.ffprobe.path,
        chunkSeconds: request.settings.chunkSeconds,
        parallelChunks: request.settings.parallelChunks,
        runner: request.chunkRunner,
        onSegmentsFinal: request.onSegmentsFinal ? (paths) => request.onSegmentsFinal?.(paths, workDir) : undefined,
        onChunkState: (index, state, by) => {
          chunkStates[index] = state
          chunkWorkers[index] = by?.worker ?? chunkWorkers[index] ?? null
        }
      },
      onProgress: (p) =>
        report({
          stage: 'ENCODING',
          percent: PROBE_END + (p.percent / 100) * (ENCODE_END - PROBE_END),
          currentVariant: p.currentVariant,
          variantIndex: p.variantIndex,
          variantCount: p.variantCount,
          variantPercent: p.variantPercent,
          fps: p.fps,
          speed: p.speed,
          etaSeconds: p.etaSeconds,
          completedChunks: p.completedChunks,
          totalChunks: p.totalChunks,
          // Counted against only by an upload while encoding (it reports completedSegments).
          totalSegments: request.onSegmentsFinal ? p.totalSegments : undefined,
          chunkStates: p.totalChunks ? [...chunkStates] : undefined,
          chunkWorkers: p.totalChunks && chunkWorkers.some(Boolean) ? Array.from({ length: chunkStates.length }, (_, i) => chunkWorkers[i] ?? null) : undefined
        })
    })
    plan = encoded.plan
    if (encoded.fallbackWarning) warnings.push(encoded.fallbackWarning)

    const binaryPaths = { ffmpegPath: binaries.ffmpeg.path, ffprobePath: binaries.ffprobe.path }
    const encodeMs = Date.now() - encodeStarted
    // The three read only the finished rungs (and the source), and each is mostly one ffmpeg
    // decode on one core: side by side they cost the longest of them, not the sum.
    const [renditions, , quality] = await settledInOrder([
      writeSoftSubtitles(workDir, plan, subtitles.soft, binaryPaths, request.signal),
      images
        ? makeJobImages(workDir, plan, info, binaries.ffmpeg.path, { signal: request.signal, onLog: log }).catch((error: unknown) => {
            if (request.signal?.aborted) throw error
            warn(`The poster, grid and storyboard could not be made: ${error instanceof Error ? error.message : String(error)}`)
          })
        : undefined,
      request.settings.quality
        ? measureJobQuality(
            { ffmpegPath: binaries.ffmpeg.path, packageDir: workDir, info, plan, extraVideoFilters: subtitles.burnIn ? [subtitles.burnIn.filter] : undefined, env: subtitles.burnIn?.env, signal: request.signal, onLog: log },
            { encodeMs, warn }
          )
        : undefined
    ] as const)
    await rm(join(workDir, WORK_FOLDER), { recursive: true, force: true })
    const downloadSummary = await summarizeDownload(workDir, plan, Boolean(burnIn))
    report({ percent: ENCODE_END, stage: 'ENCODING' })

    const manifest = await writePackage({
      packageDir: workDir,
      jobId: request.jobId,
      slug: request.slug,
      title: request.title,
      info,
      plan,
      ffmpegPath: binaries.ffmpeg.path,
      ffprobePath: binaries.ffprobe.path,
      subtitles: renditions.length > 0 ? renditions : undefined,
      quality,
      download: downloadSummary,
      warnings,
      signal: request.signal,
      now: request.createdAt ? () => request.createdAt! : undefined
    })
    await request.beforePackageMoves?.()
    await rename(workDir, packageDir)
    report({ percent: PACKAGE_END, stage: 'ENCODING' })
    return {
      info,
      plan,
      manifest,
      outputs: {
        dir: packageDir,
        masterPlaylist: join(packageDir, manifest.masterPlaylist),
        manifest: join(packageDir, MANIFEST_FILE),
        totalBytes: manifest.totalBytes,
        variants: manifest.variants,
        download: manifest.download ? join(packageDir, manifest.download.path) : undefined
      },
      warnings: manifest.warnings
    }
  } catch (error) {
    // The studio stopping (not a person cancelling) keeps finished chunks for the next start.
    await removeJobOutput(packageDir, { keepCheckpoints: stoppedByStudio(request.signal) })
    throw error
  }
}
