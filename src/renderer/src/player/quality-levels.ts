import { rungLabel } from '../format/rung-label'

/**
 * video.js 8 bundles videojs-contrib-quality-levels: `player.qualityLevels()` lists the
 * renditions VHS found, and a rendition plays only while it is enabled. Forcing one rung is
 * enabling that one alone; auto is enabling all of them again.
 */
export interface QualityLevel {
  id: string
  label?: string
  width?: number
  height?: number
  bitrate?: number
  enabled: boolean
}

export interface QualityLevelList {
  length: number
  selectedIndex: number
  [index: number]: QualityLevel
  on(type: 'addqualitylevel' | 'removequalitylevel' | 'change', listener: () => void): void
  off(type: 'addqualitylevel' | 'removequalitylevel' | 'change', listener: () => void): void
}

export interface Rendition {
  /** The package's variant id (v0 = top video rung, a0 = top audio rung), from the playlist URI. */
  variantId: string
  label: string
  height?: number
  bitrate?: number
  index: number
}

/** VHS names a rendition after its playlist, e.g. "0-v1/index.m3u8". */
export function variantIdOf(levelId: string): string | undefined {
  return /(?:^|[-/])([va]\d+)\//.exec(levelId)?.[1]
}

export function renditionsOf(levels: QualityLevelList): Rendition[] {
  const list: Rendition[] = []
  for (let index = 0; index < levels.length; index++) {
    const level = levels[index]
    if (!level) continue
    const variantId = variantIdOf(level.id) ?? `#${index}`
    const label = rungLabel(level.width, level.height) ?? (level.bitrate ? `${Math.round(level.bitrate / 1000)} kbit/s` : variantId)
    list.push({ variantId, label, height: level.height, bitrate: level.bitrate, index })
  }
  return list.sort((a, b) => a.variantId.localeCompare(b.variantId, undefined, { numeric: true }))
}

/** `undefined` = auto (every rendition allowed); otherwise only the chosen variant. */
export function forceRendition(levels: QualityLevelList, variantId: string | undefined): void {
  for (let index = 0; index < levels.length; index++) {
    const level = levels[index]
    if (!level) continue
    level.enabled = variantId === undefined || variantIdOf(level.id) === variantId || `#${index}` === variantId
  }
}
