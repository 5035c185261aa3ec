import type { QualityGrade, RungQuality } from '@shared/job'

/**
 * SSIM to a plain-words grade, after the SSIM → MOS mapping of Zinner et al., "Towards QoE
 * Management for Scalable Video Streaming" (ITC 2010): ≥ 0.99 imperceptible (MOS 5), 0.95–0.99
 * perceptible but not annoying (4), 0.88–0.95 slightly annoying (3), below that annoying (2)
 * or worse. Measured at the rung's own size, so it grades the encode, not the resolution.
 */
export const GRADE_FLOORS: ReadonlyArray<readonly [QualityGrade, number]> = [
  ['excellent', 0.99],
  ['good', 0.95],
  ['visible loss', 0.88]
]

export function gradeOf(ssim: number): QualityGrade {
  for (const [grade, floor] of GRADE_FLOORS) if (ssim >= floor) return grade
  return 'poor'
}

/**
 * Two neighbouring rungs that are both excellent and this close in SSIM: the upper one could
 * spend fewer bits and still look the same, since each is measured at its own size.
 */
export const NEARLY_EQUAL_SSIM = 0.002

/** Rungs from the top of the ladder down, each with its measured quality. */
export interface MeasuredRung {
  id: string
  height?: number
  quality: RungQuality
}

/** The plan's rungs, top down, that have a measurement. */
export function measuredRungs(rungs: ReadonlyArray<{ id: string; height?: number }>, quality: ReadonlyMap<string, RungQuality>): MeasuredRung[] {
  return rungs.flatMap((r) => {
    const measured = quality.get(r.id)
    return measured ? [{ id: r.id, height: r.height, quality: measured }] : []
  })
}

const nameOf = (rung: MeasuredRung): string => (rung.height ? `${rung.height}p` : rung.id)

/** What a person should do about the ladder: a poor rung, or two rungs that look alike. */
export function qualityWarnings(rungs: readonly MeasuredRung[]): string[] {
  const warnings: string[] = []
  for (const rung of rungs) {
    if (rung.quality.grade === 'poor') {
      warnings.push(`${nameOf(rung)} looks poor (SSIM ${rung.quality.ssim.toFixed(3)}): raise its bitrate or drop it.`)
    }
  }
  for (let i = 1; i < rungs.length; i++) {
    const [upper, lower] = [rungs[i - 1]!.quality, rungs[i]!.quality]
    if (upper.grade !== 'excellent' || lower.grade !== 'excellent') continue
    if (Math.abs(upper.ssim - lower.ssim) < NEARLY_EQUAL_SSIM) {
      warnings.push(
        `${nameOf(rungs[i - 1]!)} and ${nameOf(rungs[i]!)} look nearly the same (SSIM ${upper.ssim.toFixed(3)} and ${lower.ssim.toFixed(3)}): ${nameOf(rungs[i - 1]!)} could use fewer bits.`
      )
    }
  }
  return warnings
}

/** Up to `count` times spread evenly over the segment starts (every rung has a keyframe there). */
export function sampleTimes(segmentStarts: readonly number[], count = 20): number[] {
  if (segmentStarts.length <= count) return [...segmentStarts]
  if (count <= 1) return segmentStarts.slice(0, Math.max(0, count))
  const picked = new Set<number>()
  for (let i = 0; i < count; i++) picked.add(Math.round((i * (segmentStarts.length - 1)) / (count - 1)))
  return [...picked].map((i) => segmentStarts[i]!)
}
