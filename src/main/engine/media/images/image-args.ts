import type { KeyframeGrab, SheetLayout, Size, VideoImagePlan } from './image-plan'

export const THUMBNAILS_FOLDER = 'thumbnails'
export const POSTER_FILE = `${THUMBNAILS_FOLDER}/poster.jpg`
export const GRID_FILE = `${THUMBNAILS_FOLDER}/grid.jpg`
export const STORYBOARD_VTT_FILE = `${THUMBNAILS_FOLDER}/storyboard.vtt`
export const WAVEFORM_FILE = `${THUMBNAILS_FOLDER}/waveform.png`
export const WAVEFORM_SIZE: Size = { width: 1280, height: 240 }

/** JPEG quality (2 best … 31 worst): posters are looked at, tiles are glanced at. */
const POSTER_QUALITY = '2'
const TILE_QUALITY = '4'

function grabInput(grab: KeyframeGrab): string[] {
  // An fMP4 grab must first be joined to its init segment (joinGrabFragments): never `concat:`, which splits paths on `|`.
  if (grab.init) throw new Error(`The grab from ${grab.segment} still needs its init segment joined to it.`)
  // Keyframes only: the grab is always a keyframe, and nothing else needs decoding.
  return ['-skip_frame', 'nokey', '-i', grab.segment]
}

/** The first keyframe at the grab's offset inside its segment, scaled. */
function grabFilter(input: number, grab: KeyframeGrab, size: Size, keyframeSeconds: number, label: string): string {
  const from = Math.max(0, grab.offsetSeconds - keyframeSeconds / 2)
  return `[${input}:v:0]select='gte(t,${from})*eq(selected_n,0)',scale=${size.width}:${size.height},setsar=1[${label}]`
}

/**
 * One ffmpeg run for the poster, the 2×2 grid and the storyboard tiles. Paths are relative to
 * the package folder (the cwd). Tiles are separate JPEGs first, so their real count decides
 * the sheet layout, whatever a frame-rate filter would have rounded to.
 */
export function buildFrameGrabArgs(plan: VideoImagePlan, tilePattern: string): string[] {
  const k = plan.keyframeSeconds
  const { poster, grid, storyboard } = plan
  const inputs = [...grabInput(poster.grab), ...grid.grabs.flatMap(grabInput)]
  inputs.push('-skip_frame', 'nokey', '-i', storyboard.playlist)
  const storyIndex = 1 + grid.grabs.length
  const graph = [
    grabFilter(0, poster.grab, poster.size, k, 'poster'),
    ...grid.grabs.map((g, i) => grabFilter(i + 1, g, grid.tile, k, `g${i}`)),
    '[g0][g1]hstack=inputs=2[top]',
    '[g2][g3]hstack=inputs=2[bottom]',
    '[top][bottom]vstack=inputs=2[grid]',
    `[${storyIndex}:v:0]select='gte(t,selected_n*${storyboard.intervalSeconds}-${k / 2})',scale=${storyboard.tile.width}:${storyboard.tile.height},setsar=1[tiles]`
  ].join(';')
  return [
    '-hide_banner', '-nostdin', '-y', '-v', 'error',
    ...inputs,
    '-filter_complex', graph,
    '-map', '[poster]', '-frames:v', '1', '-q:v', POSTER_QUALITY, '-f', 'image2', '-update', '1', POSTER_FILE,
    '-map', '[grid]', '-frames:v', '1', '-q:v', POSTER_QUALITY, '-f', 'image2', '-update', '1', GRID_FILE,
    '-map', '[tiles]', '-vsync', '0', '-q:v', TILE_QUALITY, '-f', 'image2', tilePattern
  ]
}

/** Tiles → sprite sheets `storyboard-1.jpg`, `storyboard-2.jpg`, … (the tile filter pads the last one). */
export function buildSheetArgs(tilePattern: string, layout: SheetLayout, sheetPattern: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-y', '-v', 'error',
    '-framerate', '1', '-i', tilePattern,
    '-vf', `tile=${layout.columns}x${layout.rows}`,
    '-q:v', TILE_QUALITY, '-f', 'image2', '-start_number', '1', sheetPattern
  ]
}

/**
 * An extra output of the audio encode: the waveform is drawn from the same decode that feeds
 * the AAC encoders, so it costs no second pass over the source. A square-root scale keeps quiet
 * speech visible next to loud music.
 */
export function waveformOutputArgs(audioStreamIndex: number): string[] {
  const { width, height } = WAVEFORM_SIZE
  return [
    '-filter_complex',
    `[0:${audioStreamIndex}]aformat=channel_layouts=mono,showwavespic=s=${width}x${height}:scale=sqrt:colors=0x2f80ed[wave]`,
    '-map', '[wave]', '-frames:v', '1', '-f', 'image2', '-update', '1', WAVEFORM_FILE
  ]
}
