/**
 * The package's pictures: poster, 2×2 grid, storyboard sheets with their WebVTT index for video;
 * a waveform for audio. Valid files of the expected sizes, every storyboard rectangle inside its
 * sheet, cue times covering the whole duration, all listed in job.json.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PackageManifest } from '@shared/job'
import { PLAYLIST_NAME } from '../../../src/main/engine/media/encode-args'
import { readMediaPlaylist } from '../../../src/main/engine/hls/media-playlist'
import { makeVideoImages } from '../../../src/main/engine/media/images/make-images'
import { encodeFile } from '../../helpers/encode'
import { FFMPEG, ffprobeJson, makeAudio, makeClip, tempDir } from '../../helpers/media'

const work = tempDir()
afterAll(() => work.cleanup())

interface Size {
  width: number
  height: number
  codec: string
}

async function imageSize(file: string): Promise<Size> {
  const probe = (await ffprobeJson(file)) as { streams: Array<{ width: number; height: number; codec_name: string }> }
  const stream = probe.streams[0]!
  return { width: stream.width, height: stream.height, codec: stream.codec_name }
}

interface StoryboardCue {
  start: number
  end: number
  sheet: string
  x: number
  y: number
  w: number
  h: number
}

function seconds(stamp: string): number {
  const [h, m, s] = stamp.split(':').map(Number)
  return h! * 3600 + m! * 60 + s!
}

function readStoryboard(file: string): StoryboardCue[] {
  return readFileSync(file, 'utf8')
    .split('\n\n')
    .filter((block) => block.includes('-->'))
    .map((block) => {
      const [timing, target] = block.trim().split('\n')
      const [start, end] = timing!.split(' --> ')
      const match = /^(.+)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(target!)!
      return { start: seconds(start!), end: seconds(end!), sheet: match[1]!, x: +match[2]!, y: +match[3]!, w: +match[4]!, h: +match[5]! }
    })
}

/** Every rectangle inside its sheet, cues back to back from 0 to the end. */
async function expectStoryboardCovers(dir: string, durationSeconds: number, tile: { width: number; height: number }): Promise<StoryboardCue[]> {
  const cues = readStoryboard(join(dir, 'thumbnails', 'storyboard.vtt'))
  expect(cues.length).toBeGreaterThan(0)
  const sheets = new Map<string, Size>()
  for (const cue of cues) {
    if (!sheets.has(cue.sheet)) sheets.set(cue.sheet, await imageSize(join(dir, 'thumbnails', cue.sheet)))
    const sheet = sheets.get(cue.sheet)!
    expect(sheet.codec).toBe('mjpeg')
    expect([cue.w, cue.h]).toEqual([tile.width, tile.height])
    expect(cue.x + cue.w).toBeLessThanOrEqual(sheet.width)
    expect(cue.y + cue.h).toBeLessThanOrEqual(sheet.height)
  }
  expect(cues[0]!.start).toBe(0)
  cues.slice(1).forEach((cue, i) => expect(cue.start).toBeCloseTo(cues[i]!.end, 3))
  expect(cues.at(-1)!.end).toBeCloseTo(durationSeconds, 3)
  return cues
}

describe('package images', () => {
  let landscape: string
  beforeAll(async () => {
    landscape = await makeClip(work.path, 'scenery', { width: 640, height: 360, seconds: 9 })
  })

  it('writes poster, grid and storyboard of the expected sizes, listed in job.json', async () => {
    const result = await encodeFile(landscape, join(work.path, 'out'), { segmentSeconds: 2, ladder: [360, 240] })
    const dir = result.outputs.dir
    expect(await imageSize(join(dir, 'thumbnails/poster.jpg'))).toEqual({ width: 640, height: 360, codec: 'mjpeg' })
    // Four 320 px frames in two rows, cut from the 426x240 rung (the smallest at least 320 wide).
    expect(await imageSize(join(dir, 'thumbnails/grid.jpg'))).toEqual({ width: 640, height: 360, codec: 'mjpeg' })
    const duration = result.manifest.variants[0]!.durationSeconds
    const cues = await expectStoryboardCovers(dir, duration, { width: 160, height: 90 })
    // A tile every 2 s (the keyframe interval) for a short clip: 0, 2, 4, 6, 8.
    expect(cues.map((c) => c.start)).toEqual([0, 2, 4, 6, 8])
    expect(await imageSize(join(dir, 'thumbnails/storyboard.jpg'))).toEqual({ width: 800, height: 90, codec: 'mjpeg' })

    const manifest = JSON.parse(readFileSync(result.outputs.manifest, 'utf8')) as PackageManifest
    const images = manifest.files.filter((f) => f.kind === 'image').map((f) => f.path)
    expect(images).toEqual(['thumbnails/grid.jpg', 'thumbnails/poster.jpg', 'thumbnails/storyboard.jpg', 'thumbnails/storyboard.vtt'])
    for (const f of manifest.files) expect(f.bytes).toBeGreaterThan(0)
    expect(manifest.plan.images).toBe(true)
  })

  it('spreads a long storyboard over several sheets, every rectangle inside its own sheet', async () => {
    const result = await encodeFile(landscape, join(work.path, 'out-sheets'), { segmentSeconds: 2, ladder: [240], images: false })
    const dir = result.outputs.dir
    const facts = await readMediaPlaylist(dir, `v0/${PLAYLIST_NAME}`)
    const rung = result.plan.video!.rungs[0]!
    // 2×1 tiles a sheet stands in for 10×10 on a long film: five tiles need three sheets.
    const made = await makeVideoImages({
      ffmpegPath: FFMPEG,
      packageDir: dir,
      rungs: [{ id: 'v0', width: rung.width, height: rung.height, playlist: `v0/${PLAYLIST_NAME}`, segments: facts.segments }],
      durationSeconds: facts.durationSeconds,
      keyframeSeconds: result.plan.keyframeSeconds,
      maxSheetColumns: 2,
      maxSheetRows: 1
    })
    expect(made.tileCount).toBe(5)
    expect(made.layout).toEqual({ columns: 2, rows: 1, sheets: 3 })
    expect(made.files.filter((f) => f.endsWith('.jpg'))).toEqual([
      'thumbnails/poster.jpg',
      'thumbnails/grid.jpg',
      'thumbnails/storyboard.jpg',
      'thumbnails/storyboard-2.jpg',
      'thumbnails/storyboard-3.jpg'
    ])
    const cues = await expectStoryboardCovers(dir, facts.durationSeconds, { width: 160, height: 90 })
    expect(cues.map((c) => `${c.sheet}@${c.x},${c.y}`)).toEqual([
      'storyboard.jpg@0,0',
      'storyboard.jpg@160,0',
      'storyboard-2.jpg@0,0',
      'storyboard-2.jpg@160,0',
      'storyboard-3.jpg@0,0'
    ])
    expect(existsSync(join(dir, '.work'))).toBe(false)
  })

  it('keeps a portrait poster upright and a small source at its own size', async () => {
    const portrait = await makeClip(work.path, 'phone', { width: 360, height: 640, seconds: 3 })
    const result = await encodeFile(portrait, join(work.path, 'out-portrait'), { segmentSeconds: 2, ladder: [360] })
    expect(await imageSize(join(result.outputs.dir, 'thumbnails/poster.jpg'))).toEqual({ width: 360, height: 640, codec: 'mjpeg' })
    expect(await imageSize(join(result.outputs.dir, 'thumbnails/grid.jpg'))).toEqual({ width: 640, height: 1136, codec: 'mjpeg' })
    await expectStoryboardCovers(result.outputs.dir, result.manifest.variants[0]!.durationSeconds, { width: 160, height: 284 })
  })

  it('draws the waveform (and the spectrogram) of an audio job from the encode itself', async () => {
    const podcast = await makeAudio(work.path, 'podcast', { seconds: 5 })
    const result = await encodeFile(podcast, join(work.path, 'out-audio'))
    expect(await imageSize(join(result.outputs.dir, 'thumbnails/waveform.png'))).toEqual({ width: 1280, height: 240, codec: 'png' })
    expect(result.manifest.files.filter((f) => f.kind === 'image').map((f) => f.path)).toEqual(['thumbnails/spectrogram.png', 'thumbnails/waveform.png'])
  })

  it('skips every picture when images are off', async () => {
    const result = await encodeFile(landscape, join(work.path, 'out-none'), { segmentSeconds: 2, ladder: [240], images: false })
    expect(existsSync(join(result.outputs.dir, 'thumbnails'))).toBe(false)
    expect(result.manifest.files.some((f) => f.kind === 'image')).toBe(false)
  })
})
