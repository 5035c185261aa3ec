import { rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { StudioError } from '@shared/errors'
import type { PackageManifest, VariantSummary } from '@shared/job'
import type { MediaInfo } from '@shared/media'
import type { EncodePlan } from '@shared/plan'
import { MANIFEST_FILE } from '../hls/package-files'
import { measureQuality, QUALITY_SAMPLES } from '../quality/measure-quality'
import { measuredRungs, qualityWarnings } from '../quality/quality-grade'
import type { LocatedPackage } from './locate-package'

export interface ProbeQualityResult {
  packageDir: string
  variants: VariantSummary[]
  warnings: string[]
  /** Said when the comparison cannot be like the encode's own (e.g. burned-in subtitles). */
  notes: string[]
}

/**
 * Measures the rungs of a package already on disk against its source, as an encode does, and
 * writes the figures into its job.json. The encode's burned-in subtitles cannot be drawn again
 * (their prepared file is gone), so on such a package the text counts as a difference.
 */
export async function probePackageQuality(
  located: LocatedPackage,
  options: { ffmpegPath: string; samples?: number; signal?: AbortSignal; ref: string }
): Promise<ProbeQualityResult> {
  const local = located.local
  if (!local) throw new StudioError('NOT_FOUND', `The package of ${options.ref} is no longer on disk: there is nothing to measure.`)
  const manifest: PackageManifest = local.manifest
  const plan = manifest.plan as EncodePlan
  const info = manifest.probe as MediaInfo
  if (!plan.video) throw new StudioError('INVALID_INPUT', `${options.ref} is an audio package: quality is measured for video rungs.`)
  const quality = await measureQuality({ ffmpegPath: options.ffmpegPath, packageDir: local.packageDir, info, plan, samples: options.samples ?? QUALITY_SAMPLES, signal: options.signal })
  if (quality.size === 0) throw new StudioError('FFMPEG_FAILED', `No rung of ${options.ref} could be compared with its source ${info.path}; is the source still there?`)
  const variants = manifest.variants.map((v) => {
    const measured = quality.get(v.id)
    return measured ? { ...v, quality: measured } : v
  })
  const warnings = qualityWarnings(measuredRungs(plan.video.rungs, quality))
  // Written whole and renamed over, so a reader never meets half a job.json.
  const file = join(local.packageDir, MANIFEST_FILE)
  await writeFile(`${file}.tmp`, `${JSON.stringify({ ...manifest, variants }, null, 2)}\n`)
  await rename(`${file}.tmp`, file)
  const notes = plan.subtitles?.mode === 'burn' ? ['The subtitles burned into the rungs are not drawn on the source here, so they count as a difference.'] : []
  return { packageDir: local.packageDir, variants, warnings, notes }
}
