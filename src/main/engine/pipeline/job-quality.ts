import type { RungQuality } from '@shared/job'
import { measureQuality, type MeasureQualityInput } from '../quality/measure-quality'
import { measuredRungs, qualityWarnings } from '../quality/quality-grade'

/** The report may add this share of the encode's own time before the job completes. */
export const QUALITY_BUDGET_SHARE = 0.03

/**
 * The quality report of a job's rungs, with its warnings. A report that cannot be made is a
 * warning, never a failed job: the package is fine without it.
 */
export async function measureJobQuality(
  input: MeasureQualityInput,
  job: { encodeMs: number; warn: (message: string) => void }
): Promise<ReadonlyMap<string, RungQuality> | undefined> {
  const { warn } = job
  const started = Date.now()
  try {
    const quality = await measureQuality({ ...input, budgetMs: QUALITY_BUDGET_SHARE * job.encodeMs })
    const rungs = measuredRungs(input.plan.video?.rungs ?? [], quality)
    input.onLog?.(`quality: ${rungs.map((r) => `${r.height}p SSIM ${r.quality.ssim.toFixed(4)} (${r.quality.psnrDb} dB, ${r.quality.grade})`).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`, 'info')
    for (const warning of qualityWarnings(rungs)) warn(warning)
    return quality
  } catch (error) {
    if (input.signal?.aborted) throw error
    warn(`The quality of the rungs could not be measured: ${error instanceof Error ? error.message : String(error)}`)
    return undefined
  }
}
