import { StudioError } from '@shared/errors'
import { LIBX264_SETUP } from '../media/encode-args'
import { describeUnusable, encoderReportCache, type EncoderReport } from '../media/hardware/encoder-report'
import { HARDWARE_ENCODERS, isKnownVideoEncoder } from '../media/hardware/video-encoders'
import type { MediaToolkit } from '../media/toolkit'

export interface EncoderChoice {
  encoder: string
  /** Set when the job cannot use what was asked for and uses libx264 instead. */
  fallbackReason?: string
}

export const FALLBACK_PREFIX = 'fell back to libx264'

export function fallbackWarning(reason: string): string {
  return `${FALLBACK_PREFIX}: ${reason}`
}

export function knownEncoderNames(): string[] {
  return ['auto', LIBX264_SETUP.encoder, ...HARDWARE_ENCODERS.map((s) => s.encoder)]
}

function requireLibx264(toolkit: MediaToolkit): void {
  if (!toolkit.capabilities.encoders.includes(LIBX264_SETUP.encoder)) {
    throw new StudioError('ENCODER_UNAVAILABLE', `This ffmpeg has no libx264 encoder (${toolkit.binaries.ffmpeg.path}).`)
  }
}

/** The proven encoders of the toolkit's ffmpeg, from the cache when it still describes the binary. */
export function encoderReportFor(toolkit: MediaToolkit, options: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<EncoderReport> {
  return encoderReportCache(toolkit.encoderCacheFile).get(toolkit.capabilities, options)
}

/**
 * Turns the requested encoder into the one the job uses. `auto` takes the best proven hardware
 * encoder, else libx264. A hardware encoder asked for by name but unusable here gives libx264
 * and says why, so a preset made on a machine with a GPU still works on one without.
 */
export function resolveVideoEncoder(requested: string, toolkit: MediaToolkit, report?: EncoderReport): EncoderChoice {
  if (!isKnownVideoEncoder(requested) && requested !== 'auto') {
    throw new StudioError(
      'ENCODER_UNAVAILABLE',
      `Unknown encoder "${requested}". Use one of: ${knownEncoderNames().join(', ')}.`
    )
  }
  if (requested === LIBX264_SETUP.encoder || !report) {
    requireLibx264(toolkit)
    return { encoder: LIBX264_SETUP.encoder }
  }
  if (requested === 'auto') {
    if (report.auto === 'none') requireLibx264(toolkit)
    return { encoder: report.auto === 'none' ? LIBX264_SETUP.encoder : report.auto }
  }
  const status = report.encoders.find((e) => e.name === requested)
  if (status?.usable) return { encoder: requested }
  requireLibx264(toolkit)
  return {
    encoder: LIBX264_SETUP.encoder,
    fallbackReason: status ? describeUnusable(status) : `${requested} is not in this ffmpeg's encoder list`
  }
}

/** Whether choosing needs the proofs: only when something other than libx264 could come out. */
export function needsEncoderReport(requested: string): boolean {
  return requested !== LIBX264_SETUP.encoder && (requested === 'auto' || isKnownVideoEncoder(requested))
}
