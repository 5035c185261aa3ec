import { statSync } from 'node:fs'
import type { FfmpegCapabilities } from '../capabilities'
import { readCacheEntries, writeCacheEntries } from '../json-cache-file'
import { LIBX264_SETUP } from '../encode-args'
import { proveEncoder } from './encoder-proof'
import { HARDWARE_ENCODERS, type VideoCodecFamily } from './video-encoders'

export interface EncoderStatus {
  name: string
  kind: 'software' | 'hardware'
  codec: VideoCodecFamily
  vendor: string
  usable: boolean
  /** ffmpeg's own words when the test encode failed. */
  reason?: string
  /** Whether `auto` may pick it when it is usable. */
  autoEligible: boolean
  /** Why `auto` passes over it even when it works. */
  autoNote?: string
  proofMs: number
}

/** What every video encoder of one ffmpeg binary really does on this machine. */
export interface EncoderReport {
  ffmpegPath: string
  ffmpegVersion: string
  sizeBytes: number
  mtimeMs: number
  checkedAt: string
  encoders: EncoderStatus[]
  /** What `--encoder auto` resolves to. */
  auto: string
}

export interface ProveOptions {
  signal?: AbortSignal
  now?: () => Date
}

/** Proves libx264 and every hardware encoder the binary lists, one after another. */
export async function buildEncoderReport(caps: FfmpegCapabilities, options: ProveOptions = {}): Promise<EncoderReport> {
  const encoders: EncoderStatus[] = []
  if (caps.encoders.includes(LIBX264_SETUP.encoder)) {
    const proof = await proveEncoder(caps.path, LIBX264_SETUP, options.signal)
    encoders.push({
      name: LIBX264_SETUP.encoder,
      kind: 'software',
      codec: 'h264',
      vendor: 'x264 (CPU)',
      usable: proof.usable,
      reason: proof.usable ? undefined : proof.reason,
      autoEligible: true,
      proofMs: proof.durationMs
    })
  }
  for (const spec of HARDWARE_ENCODERS.filter((s) => caps.encoders.includes(s.encoder))) {
    const proof = await proveEncoder(caps.path, spec, options.signal)
    encoders.push({
      name: spec.encoder,
      kind: 'hardware',
      codec: spec.codec,
      vendor: spec.vendor,
      usable: proof.usable,
      reason: proof.usable ? undefined : proof.reason,
      autoEligible: spec.autoRank !== undefined,
      autoNote: spec.autoNote,
      proofMs: proof.durationMs
    })
  }
  return {
    ffmpegPath: caps.path,
    ffmpegVersion: caps.version,
    sizeBytes: caps.sizeBytes,
    mtimeMs: caps.mtimeMs,
    checkedAt: (options.now?.() ?? new Date()).toISOString(),
    encoders,
    auto: chooseAutoEncoder(encoders) ?? 'none'
  }
}

/** A usable hardware encoder `auto` may pick, best ranked first; else libx264 when it works. */
export function chooseAutoEncoder(encoders: readonly EncoderStatus[]): string | undefined {
  const rank = (name: string): number => HARDWARE_ENCODERS.find((s) => s.encoder === name)?.autoRank ?? Number.POSITIVE_INFINITY
  const hardware = encoders
    .filter((e) => e.kind === 'hardware' && e.usable && e.autoEligible)
    .sort((a, b) => rank(a.name) - rank(b.name))
  if (hardware[0]) return hardware[0].name
  return encoders.find((e) => e.name === LIBX264_SETUP.encoder && e.usable)?.name
}

export function describeUnusable(status: EncoderStatus): string {
  return `${status.name}: listed, but ${status.reason ?? 'the test encode failed'}`
}

/** Whether a cached report still describes this binary: same file, same size and mtime, same version. */
function stillValid(report: EncoderReport, caps: FfmpegCapabilities): boolean {
  return (
    report.ffmpegPath === caps.path &&
    report.sizeBytes === caps.sizeBytes &&
    report.mtimeMs === caps.mtimeMs &&
    report.ffmpegVersion === caps.version
  )
}

/**
 * Proofs cost a few ffmpeg runs, so reports are cached per binary identity and version, in
 * memory and in the data dir; `refresh` re-proves (a driver was installed, a GPU added).
 * Concurrent jobs asking at once share one proof run.
 */
export class EncoderReportCache {
  private readonly memory = new Map<string, EncoderReport>()
  private readonly running = new Map<string, Promise<EncoderReport>>()

  constructor(private readonly file?: string) {
    for (const report of readCacheEntries<EncoderReport>(file)) this.memory.set(report.ffmpegPath, report)
  }

  async get(caps: FfmpegCapabilities, options: ProveOptions & { refresh?: boolean } = {}): Promise<EncoderReport> {
    const cached = this.memory.get(caps.path)
    if (!options.refresh && cached && stillValid(cached, caps) && this.fileUnchanged(caps)) return cached
    const inFlight = this.running.get(caps.path)
    if (inFlight) return inFlight
    const run = buildEncoderReport(caps, options)
      .then((report) => {
        this.memory.set(caps.path, report)
        this.persist()
        return report
      })
      .finally(() => this.running.delete(caps.path))
    this.running.set(caps.path, run)
    return run
  }

  /** The capabilities may come from a stale cache; the file on disk is the truth. */
  private fileUnchanged(caps: FfmpegCapabilities): boolean {
    try {
      const stat = statSync(caps.path)
      return stat.size === caps.sizeBytes && stat.mtimeMs === caps.mtimeMs
    } catch {
      return false
    }
  }

  private persist(): void {
    writeCacheEntries(this.file, [...this.memory.values()])
  }
}

const caches = new Map<string, EncoderReportCache>()

/** One cache per cache file (or one in memory when there is no data dir), shared by every job. */
export function encoderReportCache(file?: string): EncoderReportCache {
  const key = file ?? ''
  let cache = caches.get(key)
  if (!cache) {
    cache = new EncoderReportCache(file)
    caches.set(key, cache)
  }
  return cache
}
