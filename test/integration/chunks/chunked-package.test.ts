import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { EncodeSettingsInput } from '@shared/settings'
import { readFirstVideoPts } from '../../../src/main/engine/hls/fmp4-timing'
import { encodeFile } from '../../helpers/encode'
import { inspectPackage } from '../../helpers/conformance'
import { makeInterlacedClip } from '../../helpers/fidelity-clips'
import { ffmpeg, ffprobeJson, makeClip, SYSTEM_FFMPEG, SYSTEM_FFPROBE, tempDir } from '../../helpers/media'

const dir = tempDir('hls-studio-chunks-')
afterAll(() => dir.cleanup())

/** Frames a stream holds, counted packet by packet (not the container's claim). */
async function countFrames(file: string): Promise<number> {
  const json = await ffprobeJson(file, ['-count_packets', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_packets'])
  return Number(json.streams[0].nb_read_packets)
}

/** Every segment's first video presentation time, read from its boxes (tfdt + trun). */
function firstPtsOf(packageDir: string, playlistUri: string): Array<number | undefined> {
  const folder = join(packageDir, dirname(playlistUri))
  const init = readFileSync(join(folder, 'init.mp4'))
  const segments = readFileSync(join(packageDir, playlistUri), 'utf8').split('\n').filter((l) => l.endsWith('.m4s'))
  return segments.map((name) => readFirstVideoPts(init, readFileSync(join(folder, name))))
}

/** A file whose sound starts before its picture: the video's first frame sits 30 ms (3/4 of a frame at 25 fps) into the timeline. */
async function lateVideoClip(): Promise<string> {
  const clip = await makeClip(dir.path, 'late-video-src', { fps: 25, seconds: 13 })
  const out = join(dir.path, 'late-video.mkv')
  await ffmpeg(['-itsoffset', '0.03', '-i', clip, '-i', clip, '-map', '0:v', '-map', '1:a', '-c', 'copy', out])
  return out
}

/** 2 s segments, 2-segment chunks: a 12.3–13 s source is 3 chunks (the last one 4.3–5 s). */
const SMALL: EncodeSettingsInput = { segmentSeconds: 2, ladder: [240, 144], images: false }

interface Case {
  name: string
  make: () => Promise<string>
  settings?: EncodeSettingsInput
  ffmpeg?: string
  ffprobe?: string
  /** Each rung holds exactly the source's frames (not where the single pass itself changes the count: VFR, a halved rate). */
  sourceFrames: boolean
}

const cases: Case[] = [
  // 12.3 s at 2 s segments: a 0.3 s runt tail, folded into the segment before.
  { name: 'CFR 25 fps with a runt tail', make: () => makeClip(dir.path, 'cfr25', { fps: 25, seconds: 12.3 }), sourceFrames: true },
  { name: '23.976 fps', make: () => makeClip(dir.path, 'ntsc', { fps: '24000/1001', seconds: 13 }), sourceFrames: true },
  // The single pass itself adds a frame here (ffmpeg fills the 51 ms before the first picture); chunks must do the same.
  { name: 'video starting 30 ms after the audio', make: lateVideoClip, sourceFrames: false },
  { name: '100 fps, halved to 50', make: () => makeClip(dir.path, 'fast', { fps: 100, seconds: 13 }), sourceFrames: false },
  { name: 'VFR', make: () => makeClip(dir.path, 'vfr', { fps: 30, seconds: 13, vfr: true }), sourceFrames: false },
  { name: 'interlaced 25i', make: () => makeInterlacedClip(dir.path, 'tff', 'tff', { seconds: 13 }), sourceFrames: false },
  { name: 'fMP4 segments', make: () => makeClip(dir.path, 'fmp4', { fps: 25, seconds: 13 }), settings: { segmentFormat: 'fmp4' }, sourceFrames: true },
  { name: 'VFR in fMP4 segments', make: () => makeClip(dir.path, 'vfr-fmp4', { fps: 30, seconds: 13, vfr: true }), settings: { segmentFormat: 'fmp4' }, sourceFrames: false },
  {
    name: "Debian's ffmpeg 5.1",
    make: () => makeClip(dir.path, 'debian', { fps: 30, seconds: 13, ffmpeg: SYSTEM_FFMPEG }),
    ffmpeg: SYSTEM_FFMPEG,
    ffprobe: SYSTEM_FFPROBE,
    sourceFrames: true
  }
]

describe('chunked encode', () => {
  it.each(cases)('$name: the chunked package matches the single pass, frame for frame', async (c) => {
    const source = await c.make()
    const binaries = { ffmpeg: c.ffmpeg, ffprobe: c.ffprobe }
    const settings = { ...SMALL, ...c.settings }
    const slug = c.name.replace(/\W+/g, '-')
    const single = await encodeFile(source, join(dir.path, 'single', slug), { ...settings, chunkSeconds: 0 }, binaries)
    const chunked = await encodeFile(source, join(dir.path, 'chunked', slug), { ...settings, chunkSeconds: 4 }, binaries)
    expect(chunked.plan.chunking).toEqual({ chunkSeconds: 4, chunkCount: 3 })
    expect(single.plan.chunking).toBeUndefined()

    const a = await inspectPackage(single.outputs.dir, { segmentSeconds: 2, ffmpeg: c.ffmpeg })
    const b = await inspectPackage(chunked.outputs.dir, { segmentSeconds: 2, ffmpeg: c.ffmpeg })
    expect(a.problems).toEqual([])
    expect(b.problems).toEqual([])
    const sourceFrames = await countFrames(source)
    for (const [i, variant] of b.variants.entries()) {
      const reference = a.variants[i]!
      expect(variant.segments.map((s) => s.duration)).toEqual(reference.segments.map((s) => s.duration))
      const frames = await countFrames(join(chunked.outputs.dir, variant.uri))
      expect(frames).toBe(await countFrames(join(single.outputs.dir, reference.uri)))
      if (c.sourceFrames) expect(frames).toBe(sourceFrames)
      expect(variant.playlistText).not.toMatch(/DISCONTINUITY/)
      // Each chunk is cut by its own hls run: every fMP4 segment must still start where the single pass's does.
      if (settings.segmentFormat === 'fmp4') expect(firstPtsOf(chunked.outputs.dir, variant.uri)).toEqual(firstPtsOf(single.outputs.dir, reference.uri))
    }
    // One audio encode for the whole source: the same rendition either way.
    expect(b.renditions.map((r) => r.segments.map((s) => s.duration))).toEqual(a.renditions.map((r) => r.segments.map((s) => s.duration)))
    for (const [i, variant] of b.variants.entries()) {
      expect(variant.stream.bandwidth / a.variants[i]!.stream.bandwidth).toBeGreaterThan(0.8)
      expect(variant.stream.bandwidth / a.variants[i]!.stream.bandwidth).toBeLessThan(1.25)
    }
    const manifest = readFileSync(join(chunked.outputs.dir, 'job.json'), 'utf8')
    expect(manifest).not.toContain('chunks/')
  }, 240_000)
})
