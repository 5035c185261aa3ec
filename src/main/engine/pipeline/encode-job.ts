import { mkdir, rename, rm, rmdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { StudioError } from '@shared/errors'
import type { JobOutputs, JobProgress, PackageManifest } from '@shared/job'
import type { MediaInfo } from '@shared/media'
import type { EncodePlan } from '@shared/plan'
import type { EncodeSettings } from '@shared/settings'
import { writePackage } from '../hls/package-writer'
import { MANIFEST_FILE } from '../hls/package-files'
import { canToneMap } from '../media/capabilities'
import { buildEncodeCommands } from '../media/encode-args'
import { runEncode } from '../media/encode'
import { planEncode } from '../media/ladder'
import { probeMedia } from '../media/probe'
import type { MediaToolkit } from '../media/toolkit'

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
  onLog?: (line: string, level: 'info' | 'warn' | 'error') => void
  /** Probe result from an earlier attempt, to skip probing again. */
  probe?: MediaInfo
}

export interface EncodeJobResult {
  info: MediaInfo
  plan: EncodePlan
  manifest: PackageManifest
  outputs: JobOutputs
}

/** Share of the job's percent each step covers when the job only encodes. */
const PROBE_END = 2
const ENCODE_END = 97

export function packageDirFor(outputRoot: string, slug: string, jobId: string): string {
  return join(outputRoot, slug, jobId)
}

/** Work happens beside the final folder, so a half-written package is never mistaken for a finished one. */
export function partialDirFor(packageDir: string): string {
  return `${packageDir}.partial`
}

/** Removes a job's partial and finished output, and the slug folder if that leaves it empty. */
export async function removeJobOutput(packageDir: string): Promise<void> {
  await rm(partialDirFor(packageDir), { recursive: true, force: true })
  await rm(packageDir, { recursive: true, force: true })
  await rmdir(dirname(packageDir)).catch(() => undefined)
}

export function resolveVideoEncoder(requested: string, toolkit: MediaToolkit): string {
  if (requested === 'auto' || requested === 'libx264') {
    if (!toolkit.capabilities.encoders.includes('libx264')) {
      throw new StudioError('ENCODER_UNAVAILABLE', `This ffmpeg has no libx264 encoder (${toolkit.binaries.ffmpeg.path}).`)
    }
    return 'libx264'
  }
  throw new StudioError('ENCODER_UNAVAILABLE', `Encoder ${requested} is not available. Use auto or libx264.`)
}

export function planJob(info: MediaInfo, settings: EncodeSettings, toolkit: MediaToolkit): EncodePlan {
  const needsVideoEncoder = settings.type !== 'audio' && Boolean(info.video)
  return planEncode(info, settings, {
    canToneMap: canToneMap(toolkit.capabilities),
    encoder: needsVideoEncoder ? resolveVideoEncoder(settings.encoder, toolkit) : 'none'
  })
}

/**
 * One source in, one finished HLS package out: probe, plan, encode, measure, write the
 * master and job.json. Leaves nothing behind on failure or cancellation.
 */
export async function encodeJob(toolkit: MediaToolkit, request: EncodeJobRequest): Promise<EncodeJobResult> {
  const { binaries } = toolkit
  const log = request.onLog ?? (() => undefined)
  const report = (progress: JobProgress): void => request.onProgress?.(progress)

  request.onStage?.('PROBING')
  report({ percent: 0, stage: 'PROBING' })
  const info =
    request.probe ?? (await probeMedia(request.inputPath, {
      ffprobePath: binaries.ffprobe.path,
      ffmpegPath: binaries.ffmpeg.path,
      signal: request.signal
    }))
  const plan = planJob(info, request.settings, toolkit)
  for (const warning of plan.warnings) log(warning, 'warn')

  const packageDir = packageDirFor(request.outputRoot, request.slug, request.jobId)
  const workDir = partialDirFor(packageDir)
  await removeJobOutput(packageDir)
  await mkdir(workDir, { recursive: true })

  try {
    request.onStage?.('ENCODING')
    report({ percent: PROBE_END, stage: 'ENCODING' })
    const commands = buildEncodeCommands({ plan, info, inputPath: info.path })
    await runEncode({
      ffmpegPath: binaries.ffmpeg.path,
      commands,
      info,
      workDir,
      signal: request.signal,
      onLog: (line) => log(line, 'info'),
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
          etaSeconds: p.etaSeconds
        })
    })

    const manifest = await writePackage({
      packageDir: workDir,
      jobId: request.jobId,
      slug: request.slug,
      title: request.title,
      info,
      plan,
      ffmpegPath: binaries.ffmpeg.path,
      ffprobePath: binaries.ffprobe.path,
      signal: request.signal
    })
    await rename(workDir, packageDir)
    report({ percent: ENCODE_END, stage: 'ENCODING' })
    return {
      info,
      plan,
      manifest,
      outputs: {
        dir: packageDir,
        masterPlaylist: join(packageDir, manifest.masterPlaylist),
        manifest: join(packageDir, MANIFEST_FILE),
        totalBytes: manifest.totalBytes,
        variants: manifest.variants
      }
    }
  } catch (error) {
    await removeJobOutput(packageDir)
    throw error
  }
}
