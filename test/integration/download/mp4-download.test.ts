/**
 * The MP4 download (issue 16) with both binaries: made in the rungs' own pass, faststart,
 * H.264 + AAC with BT.709 tags, and with `--mp4 --burn` the subtitles burned into the MP4 alone
 * while the HLS rungs keep a clean picture and a WebVTT track.
 */
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SPECTROGRAM_FILE } from '../../../src/main/engine/media/images/spectrogram-args'
import { readTopLevelBoxes } from '../../../src/main/engine/media/mp4-boxes'
import { encodeFile } from '../../helpers/encode'
import { FFMPEG, FFPROBE, SYSTEM_FFMPEG, SYSTEM_FFPROBE, ffprobeJson, makeClip, tempDir } from '../../helpers/media'

const run = promisify(execFile)
const work = tempDir()
let blackClip: string
let srt: string

beforeAll(async () => {
  // lavfi's `color` source is black unless told otherwise.
  blackClip = await makeClip(work.path, 'black', { source: 'color', seconds: 6 })
  srt = join(work.path, 'clip.srt')
  writeFileSync(srt, '1\n00:00:01,000 --> 00:00:02,000\nHELLO WORLD\n\n2\n00:00:04,000 --> 00:00:05,000\nSECOND CUE\n')
})
afterAll(() => work.cleanup())

/** Mean brightness (0–255) of the picture's lower third at `seconds`: 0 for the black clip, white text lifts it (~2 at 144p). */
async function lowerThirdBrightness(input: string, seconds: number): Promise<number> {
  const { stdout } = await run(
    FFMPEG,
    ['-v', 'error', '-i', input, '-ss', String(seconds), '-frames:v', '1', '-vf', 'crop=iw:ih/3:0:ih*2/3,format=gray', '-f', 'rawvideo', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 }
  )
  return [...stdout].reduce((sum, y) => sum + y, 0) / stdout.length
}

describe.each([
  ['bundled ffmpeg', FFMPEG, FFPROBE],
  ["Debian's ffmpeg 5.1", SYSTEM_FFMPEG, SYSTEM_FFPROBE]
])('the MP4 download with %s', (name, ffmpegPath, ffprobePath) => {
  it('is faststart H.264 + AAC at the asked height, with the subtitles burned in the MP4 and soft in the HLS', async () => {
    const result = await encodeFile(
      blackClip,
      join(work.path, `out-${name.length}`),
      { ladder: [240, 144], segmentSeconds: 2, images: false, quality: false, subtitles: { path: srt }, mp4: { height: 144, crf: 28, burnSubtitles: true } },
      { ffmpeg: ffmpegPath, ffprobe: ffprobePath, title: 'My film: take 2' }
    )
    const download = result.manifest.download!
    expect(download).toMatchObject({ path: 'download/my-film-take-2.mp4', width: 192, height: 144, crf: 28, burnedSubtitles: true })
    expect(result.manifest.files.find((f) => f.path === download.path)).toMatchObject({ kind: 'download', bytes: download.bytes })
    const mp4 = join(result.outputs.dir, download.path)
    expect(result.outputs.download).toBe(mp4)

    const boxes = await readTopLevelBoxes(mp4)
    expect(boxes.indexOf('moov')).toBeGreaterThan(-1)
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'))
    const streams = (await ffprobeJson(mp4)).streams as Array<Record<string, unknown>>
    expect(streams.map((s) => s.codec_name)).toEqual(['h264', 'aac'])
    expect(streams[0]).toMatchObject({ width: 192, height: 144, pix_fmt: 'yuv420p', color_primaries: 'bt709', color_transfer: 'bt709', color_space: 'bt709' })

    // The burned text shows at cue time and is gone between cues; the rung's picture stays black.
    for (const during of [1.5, 4.5]) expect(await lowerThirdBrightness(mp4, during)).toBeGreaterThan(1)
    for (const between of [0.5, 3]) expect(await lowerThirdBrightness(mp4, between)).toBeLessThan(0.2)
    expect(await lowerThirdBrightness(join(result.outputs.dir, 'v0', 'index.m3u8'), 1.5)).toBeLessThan(0.2)
    expect(result.plan.subtitles?.mode).toBe('soft')
    expect(result.manifest.files.map((f) => f.path)).toContain('subs/index.m3u8')
  })
})

describe('the MP4 download of a chunked encode', () => {
  it('joins the chunks’ pictures with one encode of the sound: whole length, every frame, burned cues in a later chunk; the spectrogram from the same audio step', async () => {
    const long = await makeClip(work.path, 'long', { source: 'color', seconds: 10 })
    const lateCue = join(work.path, 'late.srt')
    writeFileSync(lateCue, '1\n00:00:09,000 --> 00:00:09,800\nLATE CUE\n')
    const result = await encodeFile(long, join(work.path, 'out-chunked'), {
      ladder: [240], segmentSeconds: 2, chunkSeconds: 4, images: false, quality: false,
      subtitles: { path: lateCue }, mp4: { burnSubtitles: true }, spectrogram: true
    })
    expect(result.plan.chunking?.chunkCount).toBe(3)
    // The sound is read once for the whole source: the spectrogram comes from that same step.
    expect(result.manifest.files.map((f) => f.path)).toContain(SPECTROGRAM_FILE)
    const mp4 = join(result.outputs.dir, result.manifest.download!.path)
    const boxes = await readTopLevelBoxes(mp4)
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'))
    const probe = await ffprobeJson(mp4, ['-count_frames', '-show_streams', '-show_format'])
    const streams = probe.streams as Array<Record<string, string>>
    expect(streams.map((s) => s.codec_name)).toEqual(['h264', 'aac'])
    expect(Number(streams[0]!.nb_read_frames)).toBe(250)
    expect(Math.abs(Number(probe.format.duration) - 10)).toBeLessThan(0.1)
    expect(await lowerThirdBrightness(mp4, 9.4)).toBeGreaterThan(1)
    expect(await lowerThirdBrightness(mp4, 7)).toBeLessThan(0.2)
  })
})
