/**
 * Where the package's pictures come from. They are cut from the finished rungs, not from the
 * source: the picture is already rotated, tone-mapped, square-pixelled and subtitled there,
 * and every keyframe (one each keyframe interval, the same in every rung) decodes on its own.
 * Decoding only keyframes (-skip_frame nokey) of a small rung costs a fraction of a second
 * where decoding the source again would cost a large part of the encode.
 */

export interface RungSegments {
  id: string
  width: number
  height: number
  /** Media playlist, relative to the package folder. */
  playlist: string
  /** fMP4 init segment, relative to the package folder. */
  init?: string
  segments: Array<{ path: string; durationSeconds: number }>
}

/** One keyframe of one rung: the segment that holds it and how far into that segment it sits. */
export interface KeyframeGrab {
  timeSeconds: number
  segment: string
  init?: string
  offsetSeconds: number
}

export interface Size {
  width: number
  height: number
}

export interface StoryboardPlan {
  /** Playlist of the rung the tiles are cut from. */
  playlist: string
  intervalSeconds: number
  tile: Size
}

export interface VideoImagePlan {
  poster: { grab: KeyframeGrab; size: Size }
  grid: { grabs: KeyframeGrab[]; tile: Size }
  storyboard: StoryboardPlan
  keyframeSeconds: number
}

export const POSTER_AT = 0.1
export const GRID_AT = [0.2, 0.4, 0.6, 0.8] as const
export const POSTER_MAX_SIDE = 1280
export const GRID_TILE_WIDTH = 320
export const STORYBOARD_TILE_WIDTH = 160
/** Scrubbing previews every 2 s for short media, thinning to every 10 s for long films. */
export const STORYBOARD_TARGET_TILES = 300
export const STORYBOARD_MIN_INTERVAL = 2
export const STORYBOARD_MAX_INTERVAL = 10

function even(value: number): number {
  return Math.max(2, 2 * Math.round(value / 2))
}

/** A size whose width is at most `width`, keeping the rung's aspect, with even sides. */
export function fitWidth(rung: Size, width: number): Size {
  if (rung.width <= width) return { width: rung.width, height: rung.height }
  return { width: even(width), height: even((rung.height * width) / rung.width) }
}

/** Poster: the top rung shrunk so its long side is at most 1280 px. */
export function posterSize(top: Size): Size {
  const scale = Math.min(1, POSTER_MAX_SIDE / Math.max(top.width, top.height))
  return scale === 1 ? { ...top } : { width: even(top.width * scale), height: even(top.height * scale) }
}

/** The smallest rung at least as wide as the picture wanted, so nothing is upscaled. */
export function sourceRungFor<T extends Size>(rungs: readonly T[], wanted: Size): T {
  const wideEnough = rungs.filter((r) => r.width >= wanted.width).sort((a, b) => a.width - b.width)
  return wideEnough[0] ?? [...rungs].sort((a, b) => b.width - a.width)[0]!
}

/** The keyframe nearest to `time`; keyframes sit every `keyframeSeconds` from 0. */
export function nearestKeyframe(time: number, keyframeSeconds: number, durationSeconds: number): number {
  const last = Math.max(0, Math.floor(Math.max(0, durationSeconds - 1e-3) / keyframeSeconds) * keyframeSeconds)
  return Math.min(last, Math.max(0, Math.round(time / keyframeSeconds) * keyframeSeconds))
}

export function grabAt(rung: RungSegments, time: number): KeyframeGrab {
  let start = 0
  for (const [i, segment] of rung.segments.entries()) {
    const end = start + segment.durationSeconds
    if (time < end - 1e-6 || i === rung.segments.length - 1) {
      return { timeSeconds: time, segment: segment.path, init: rung.init, offsetSeconds: Math.max(0, time - start) }
    }
    start = end
  }
  throw new Error(`Rung ${rung.id} has no segments`)
}

/** A multiple of the keyframe interval, so every tile is a keyframe. */
export function storyboardInterval(durationSeconds: number, keyframeSeconds: number): number {
  const target = Math.min(STORYBOARD_MAX_INTERVAL, Math.max(STORYBOARD_MIN_INTERVAL, durationSeconds / STORYBOARD_TARGET_TILES))
  return Math.max(1, Math.round(target / keyframeSeconds)) * keyframeSeconds
}

export function planVideoImages(rungs: readonly RungSegments[], durationSeconds: number, keyframeSeconds: number): VideoImagePlan {
  const top = [...rungs].sort((a, b) => b.width * b.height - a.width * a.height)[0]!
  const poster = posterSize(top)
  const posterRung = sourceRungFor(rungs, poster)
  const gridTile = fitWidth(top, GRID_TILE_WIDTH)
  const gridRung = sourceRungFor(rungs, gridTile)
  const storyTile = fitWidth(top, STORYBOARD_TILE_WIDTH)
  const storyRung = sourceRungFor(rungs, storyTile)
  const keyframe = (fraction: number): number => nearestKeyframe(durationSeconds * fraction, keyframeSeconds, durationSeconds)
  return {
    poster: { grab: grabAt(posterRung, keyframe(POSTER_AT)), size: fitWidth(posterRung, poster.width) },
    grid: { grabs: GRID_AT.map((f) => grabAt(gridRung, keyframe(f))), tile: fitWidth(gridRung, gridTile.width) },
    storyboard: { playlist: storyRung.playlist, intervalSeconds: storyboardInterval(durationSeconds, keyframeSeconds), tile: fitWidth(storyRung, storyTile.width) },
    keyframeSeconds
  }
}

export interface SheetLayout {
  columns: number
  rows: number
  sheets: number
}

export const MAX_SHEET_COLUMNS = 10
export const MAX_SHEET_ROWS = 10

/** Up to 10×10 tiles a sheet; a short clip gets one sheet no bigger than its tiles need. */
export function sheetLayout(tileCount: number, maxColumns = MAX_SHEET_COLUMNS, maxRows = MAX_SHEET_ROWS): SheetLayout {
  const columns = Math.max(1, Math.min(maxColumns, tileCount))
  const rows = Math.max(1, Math.min(maxRows, Math.ceil(tileCount / columns)))
  return { columns, rows, sheets: Math.max(1, Math.ceil(tileCount / (columns * rows))) }
}
