/**
 * Issue 10, inputs that are not what they claim: playlists and concat lists under a video
 * name are refused before ffmpeg opens them, and nothing they name is read; a still image is
 * refused in plain words; odd file names encode; a recording without a duration gets a real
 * one and moving progress; a picture that changes size midway keeps every rung's size.
 */
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, statSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveEncodeSettings } from '@shared/settings'
import { encodeJob } from '../../../src/main/engine/pipeline/encode-job'
import { probeMedia } from '../../../src/main/engine/media/probe'
import { sourceInputArgs } from '../../../src/main/engine/media/source-input'
import { inspectPackage } from '../../helpers/conformance'
import { encodeFile, toolkit } from '../../helpers/encode'
import { makeSizeChangeClip, makeUnseekableWebm, writeDisguisedConcat, writeDisguisedPlaylist } from '../../helpers/fidelity-clips'
import { FFMPEG, FFPROBE, ffmpeg, ffprobeJson, makeClip, tempDir } from '../../helpers/media'

const run = promisify(execFile)
const work = tempDir()
const out = `${work.path}/out`
afterAll(() => work.cleanup())
const probe = (file: string) => probeMedia(file, { ffprobePath: FFPROBE, ffmpegPath: FFMPEG })
const quick = { ladder: [360], segmentSeconds: 1, preset: 'ultrafast' as const, images: false }

describe('files that only pretend to be video', () => {
  let secret: string
  const DAY_AGO = (Date.now() - 2 * 86_400_000) / 1000
  beforeAll(async () => {
    mkdirSync(join(work.path, 'private'))
    secret = await makeClip(join(work.path, 'private'), 'secret', { seconds: 1 })
  })
  /** relatime (this disk's mount option) updates a read file's atime when it was more than a day old. */
  const markUnread = (): void => utimesSync(secret, DAY_AGO, DAY_AGO)
  const wasRead = (): boolean => statSync(secret).atimeMs > DAY_AGO * 1000 + 1000

  it('the atime witness works: reading the file moves it', async () => {
    markUnread()
    await run(FFMPEG, ['-v', 'error', '-i', secret, '-f', 'null', '-'])
    expect(wasRead()).toBe(true)
  })

  it.each([
    { kind: 'an HLS playlist', write: writeDisguisedPlaylist, words: /^This is a playlist, not a media file \(holiday\.mp4\): an HLS playlist/ },
    { kind: 'an ffconcat list', write: writeDisguisedConcat, words: /^This is a playlist, not a media file \(holiday\.mp4\): an ffmpeg concat list/ }
  ])('refuses $kind saved as .mp4 and reads nothing it names', async ({ write, words }) => {
    const fake = await write(join(work.path, 'holiday.mp4'), secret)
    markUnread()
    await expect(probe(fake)).rejects.toMatchObject({ code: 'NOT_MEDIA', message: expect.stringMatching(words) })
    await expect(encodeFile(fake, out, quick)).rejects.toMatchObject({ code: 'NOT_MEDIA' })
    expect(wasRead()).toBe(false)
  })

  it('defence in depth: even handed straight to ffmpeg, the confined input refuses the playlist and reads nothing', async () => {
    const fake = await writeDisguisedPlaylist(join(work.path, 'direct.mp4'), secret)
    markUnread()
    const attempt = run(FFMPEG, ['-hide_banner', '-nostdin', ...sourceInputArgs(fake), '-f', 'null', '-'])
    await expect(attempt).rejects.toMatchObject({ stderr: expect.stringMatching(/Format not on whitelist/) })
    expect(wasRead()).toBe(false)
  })

  it.each([
    { name: 'photo.png', make: ['-f', 'lavfi', '-i', 'testsrc2=size=320x240', '-frames:v', '1'] },
    { name: 'photo-as-video.mp4', make: ['-f', 'lavfi', '-i', 'testsrc2=size=320x240', '-frames:v', '1', '-f', 'image2', '-c:v', 'mjpeg'] }
  ])('refuses a still image ($name) in plain words', async ({ name, make }) => {
    const file = join(work.path, name)
    await ffmpeg([...make, file])
    await expect(probe(file)).rejects.toMatchObject({
      code: 'NOT_MEDIA',
      message: `This is a still image, not a video or audio file (${name}). The studio encodes video and sound; add a video.`
    })
  })

  it('refuses a one-frame video as a still image', async () => {
    const file = join(work.path, 'one-frame.mp4')
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x240', '-frames:v', '1', '-c:v', 'libx264', file])
    await expect(probe(file)).rejects.toMatchObject({ message: expect.stringMatching(/^This is a still image/) })
  })
})

describe('odd file names', () => {
  it.each(['-starts-with-dash.mp4', 'has:colon.mp4', 'has|pipe.mp4', 'concat:a|b.mp4'])('%s encodes normally', async (name) => {
    const clip = await makeClip(work.path, 'plain-name', { seconds: 1 })
    const odd = join(work.path, name)
    copyFileSync(clip, odd)
    const result = await encodeFile(odd, out, quick)
    expect((await inspectPackage(result.outputs.dir)).problems).toEqual([])
    expect(result.info.path).toBe(odd)
  })
})

describe('a recording without a duration in its header', () => {
  it('gets its real duration and progress that moves', async () => {
    // Long enough that the encode outlasts several of ffmpeg's half-second progress blocks even
    // on a quiet machine (6 s finished inside one block there, and showed no progress between).
    const webm = await makeUnseekableWebm(work.path, 'mediarecorder', 20)
    const header = await ffprobeJson(webm)
    expect(header.format.duration).toBeUndefined() // really no duration in the header
    const info = await probe(webm)
    expect(info.durationMeasured).toBe(true)
    expect(info.durationSeconds).toBeGreaterThan(19.8)
    expect(info.durationSeconds).toBeLessThan(20.2)

    const percents: number[] = []
    const result = await encodeJob(await toolkit(), {
      jobId: 'job-00000000-0000-4000-8000-000000000010',
      slug: 'mediarecorder',
      title: 'mediarecorder',
      inputPath: webm,
      outputRoot: out,
      // slow, so ffmpeg reports progress more than once (it writes a block every 0.5 s)
      settings: resolveEncodeSettings({ ladder: [360], segmentSeconds: 2, preset: 'slow', images: false }),
      onProgress: (p) => {
        if (p.stage === 'ENCODING') percents.push(p.percent)
      }
    })
    expect((await inspectPackage(result.outputs.dir)).problems).toEqual([])
    const during = percents.filter((p) => p > 2 && p < 93)
    expect(during.length, `progress seen: ${percents.join(', ')}`).toBeGreaterThan(0)
    expect([...percents].sort((a, b) => a - b)).toEqual(percents)
  })
})

describe('a picture that changes size midway', () => {
  it('gives rungs of one size throughout, the new picture fitted with its aspect kept', async () => {
    const clip = await makeSizeChangeClip(work.path, 'spliced', '854x480', '480x480')
    const result = await encodeFile(clip, out, { ladder: [480, 360], segmentSeconds: 1, images: false })
    const facts = await inspectPackage(result.outputs.dir, { ffmpeg: FFMPEG })
    expect(facts.problems).toEqual([])
    expect(facts.variants.map((v) => `${v.width}x${v.height}`)).toEqual(['854x480', '640x360'])
    for (const variant of facts.variants) {
      for (const segment of variant.segments) {
        const probed = await ffprobeJson(join(result.outputs.dir, segment.uri))
        const video = probed.streams.find((s: { codec_type: string }) => s.codec_type === 'video')
        expect(`${video.width}x${video.height}`, segment.uri).toBe(`${variant.width}x${variant.height}`)
      }
    }
    // The square second half is pillarboxed, not stretched: its left edge is black, its middle is picture.
    const last = join(result.outputs.dir, facts.variants[0]!.segments.at(-1)!.uri)
    const { stdout } = await run(FFMPEG, ['-v', 'error', '-i', last, '-frames:v', '1', '-vf', 'format=gray', '-f', 'rawvideo', 'pipe:1'], { encoding: 'buffer', maxBuffer: 8 * 1024 * 1024 })
    const row = 240 * 854
    const edge = [...stdout.subarray(row + 4, row + 40)]
    expect(Math.max(...edge)).toBeLessThan(30)
    const middle = [...stdout.subarray(row + 300, row + 560)]
    expect(Math.max(...middle)).toBeGreaterThan(100)
  })
})
