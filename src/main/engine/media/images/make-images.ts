import type { OnLog } from '@shared/log-levels'
import { mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { joinFragment } from '../joined-fragment'
import { runMediaProcess } from '../runner'
import { WORK_FOLDER } from '../subtitles/subtitle-work'
import { buildFrameGrabArgs, buildSheetArgs, GRID_FILE, POSTER_FILE, STORYBOARD_VTT_FILE, THUMBNAILS_FOLDER } from './image-args'
import { planVideoImages, sheetLayout, type KeyframeGrab, type RungSegments, type SheetLayout, type VideoImagePlan } from './image-plan'
import { renderStoryboardVtt, storyboardSheetName, storyboardTiles } from './storyboard-vtt'

export interface VideoImagesInput {
  ffmpegPath: string
  /** The package being built; ffmpeg runs here so every path stays relative. */
  packageDir: string
  rungs: RungSegments[]
  durationSeconds: number
  keyframeSeconds: number
  signal?: AbortSignal
  onLog?: OnLog
  /** Smaller sheets than 10×10, so tests can see several sheets from a short clip. */
  maxSheetColumns?: number
  maxSheetRows?: number
}

export interface VideoImagesResult {
  plan: VideoImagePlan
  layout: SheetLayout
  tileCount: number
  /** Package-relative paths of everything written. */
  files: string[]
}

const TILE_FOLDER = `${WORK_FOLDER}/tiles`

async function run(input: VideoImagesInput, args: string[], label: string): Promise<void> {
  input.onLog?.(`ffmpeg ${args.join(' ')}`, 'info')
  await runMediaProcess({
    binary: input.ffmpegPath,
    args,
    cwd: input.packageDir,
    label,
    signal: input.signal,
    timeoutMs: 10 * 60_000,
    stallTimeoutMs: 120_000,
    onStderrLine: (line) => input.onLog?.(line, 'info')
  })
}

/** fMP4 grabs read from their init and media segment joined in the scratch folder (paths relative to the package). */
async function joinGrabFragments(plan: VideoImagePlan, packageDir: string, scratch: string): Promise<VideoImagePlan> {
  let n = 0
  const join1 = async (grab: KeyframeGrab): Promise<KeyframeGrab> => {
    if (!grab.init) return grab
    const name = `grab-${n++}.mp4`
    await joinFragment(join(packageDir, grab.init), join(packageDir, grab.segment), join(scratch, name))
    return { ...grab, init: undefined, segment: `${TILE_FOLDER}/${name}` }
  }
  return {
    ...plan,
    poster: { ...plan.poster, grab: await join1(plan.poster.grab) },
    grid: { ...plan.grid, grabs: await Promise.all(plan.grid.grabs.map(join1)) }
  }
}

/** Poster, 2×2 grid, storyboard sheets and their WebVTT index, cut from the finished rungs. */
export async function makeVideoImages(input: VideoImagesInput): Promise<VideoImagesResult> {
  const plan = planVideoImages(input.rungs, input.durationSeconds, input.keyframeSeconds)
  const tileDir = join(input.packageDir, TILE_FOLDER)
  await mkdir(join(input.packageDir, THUMBNAILS_FOLDER), { recursive: true })
  await mkdir(tileDir, { recursive: true })
  try {
    const grabPlan = await joinGrabFragments(plan, input.packageDir, tileDir)
    await run(input, buildFrameGrabArgs(grabPlan, `${TILE_FOLDER}/%05d.jpg`), 'poster, grid and storyboard tiles')
    const tileCount = (await readdir(tileDir)).filter((name) => name.endsWith('.jpg')).length
    const layout = sheetLayout(tileCount, input.maxSheetColumns, input.maxSheetRows)
    await run(input, buildSheetArgs(`${TILE_FOLDER}/%05d.jpg`, layout, `${THUMBNAILS_FOLDER}/storyboard-%d.jpg`), 'storyboard sheets')
    const files = [POSTER_FILE, GRID_FILE]
    for (let i = 0; i < layout.sheets; i++) {
      const name = `${THUMBNAILS_FOLDER}/${storyboardSheetName(i)}`
      const written = `${THUMBNAILS_FOLDER}/storyboard-${i + 1}.jpg`
      if (written !== name) await rename(join(input.packageDir, written), join(input.packageDir, name))
      files.push(name)
    }
    const tiles = storyboardTiles({
      tileCount,
      layout,
      tile: plan.storyboard.tile,
      intervalSeconds: plan.storyboard.intervalSeconds,
      durationSeconds: input.durationSeconds
    })
    await writeFile(join(input.packageDir, STORYBOARD_VTT_FILE), renderStoryboardVtt(tiles))
    files.push(STORYBOARD_VTT_FILE)
    return { plan, layout, tileCount, files }
  } finally {
    await rm(tileDir, { recursive: true, force: true })
    // The scratch folder may hold the job's other work (subtitles); leave it then.
    await rmdir(join(input.packageDir, WORK_FOLDER)).catch(() => undefined)
  }
}
