/**
 * Real encodes with the bundled ffmpeg of the kinds of clips creators bring, each package
 * checked against every rule of the foundation issue.
 */
import { existsSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PackageManifest } from '@shared/job'
import { inspectPackage } from '../../helpers/conformance'
import { encodeFile } from '../../helpers/encode'
import { makeAudio, makeClip, tempDir } from '../../helpers/media'

const work = tempDir()
const out = `${work.path}/out`
afterAll(() => work.cleanup())

const sizes = (facts: Awaited<ReturnType<typeof inspectPackage>>) => facts.variants.map((v) => `${v.width}x${v.height}`)

describe('video ladders from real clips', () => {
  let landscape: string
  beforeAll(async () => {
    landscape = await makeClip(work.path, 'Épisode 1 - Le Commencement', { width: 1280, height: 720, fps: 30, seconds: 5 })
  })

  it('encodes a landscape clip into a conformant ladder without upscaling', async () => {
    const result = await encodeFile(landscape, out, { segmentSeconds: 2 })
    expect(result.outputs.dir).toBe(`${out}/episode-1-le-commencement/${result.manifest.jobId}`)
    const facts = await inspectPackage(result.outputs.dir, { segmentSeconds: 2 })
    expect(facts.problems).toEqual([])
    expect(sizes(facts)).toEqual(['1280x720', '854x480', '640x360'])
    expect(facts.variants.map((v) => v.uri)).toEqual(['v0/index.m3u8', 'v1/index.m3u8', 'v2/index.m3u8'])
    for (const v of facts.variants) {
      expect(v.audioCodec).toBe('aac')
      expect(v.audioChannels).toBe(2)
      expect(v.audioSampleRate).toBe(48000)
      expect(v.stream.codecs).toMatch(/^avc1\.64[0-9a-f]{4},mp4a\.40\.2$/)
      expect(v.stream.frameRate).toBeCloseTo(30, 3)
      expect(v.segments).toHaveLength(3)
    }
    expect(facts.masterText).toMatch(/AVERAGE-BANDWIDTH=\d+/)
  })

  it('records the probe, the ladder and every file with its size in job.json', async () => {
    const result = await encodeFile(landscape, out, { segmentSeconds: 2, ladder: [480] })
    const manifest = JSON.parse(readFileSync(result.outputs.manifest, 'utf8')) as PackageManifest
    expect(manifest.jobId).toMatch(/^job-[0-9a-f-]{36}$/)
    expect(manifest.probe.video?.width).toBe(1280)
    expect(manifest.plan.video?.rungs.map((r) => r.height)).toEqual([480])
    const paths = manifest.files.map((f) => f.path)
    expect(paths).toContain('master.m3u8')
    expect(paths).toContain('v0/index.m3u8')
    expect(paths.filter((p) => p.startsWith('v0/') && p.endsWith('.ts'))).toHaveLength(3)
    expect(paths).toContain('audio-0/index.m3u8')
    for (const f of manifest.files) expect(f.bytes).toBeGreaterThan(0)
    expect(manifest.totalBytes).toBe(manifest.files.reduce((s, f) => s + f.bytes, 0))
    expect(existsSync(`${result.outputs.dir}.partial`)).toBe(false)
  })

  it('puts the same title in the same slug folder', async () => {
    const a = await encodeFile(landscape, out, { ladder: [360] }, { title: 'Series One' })
    const b = await encodeFile(landscape, out, { ladder: [360] }, { title: 'Series One' })
    expect(a.outputs.dir.split('/').at(-2)).toBe('series-one')
    expect(b.outputs.dir.split('/').at(-2)).toBe('series-one')
    expect(a.outputs.dir).not.toBe(b.outputs.dir)
  })

  it('gives a 1080p source all four rungs', async () => {
    const full = await makeClip(work.path, 'full', { width: 1920, height: 1080, fps: 25, seconds: 2 })
    const facts = await inspectPackage((await encodeFile(full, out)).outputs.dir)
    expect(facts.problems).toEqual([])
    expect(sizes(facts)).toEqual(['1920x1080', '1280x720', '854x480', '640x360'])
  })

  it('keeps portrait clips portrait, with the rung on the short side', async () => {
    const portrait = await makeClip(work.path, 'portrait', { width: 720, height: 1280, seconds: 2 })
    const facts = await inspectPackage((await encodeFile(portrait, out)).outputs.dir)
    expect(facts.problems).toEqual([])
    expect(sizes(facts)).toEqual(['720x1280', '480x854', '360x640'])
  })

  it('turns a rotated phone clip upright', async () => {
    const phone = await makeClip(work.path, 'phone', { width: 1280, height: 720, seconds: 2, rotate: 90 })
    const result = await encodeFile(phone, out, { ladder: [720, 360] })
    expect(result.info.video?.rotation).not.toBe(0)
    const facts = await inspectPackage(result.outputs.dir)
    expect(facts.problems).toEqual([])
    expect(sizes(facts)).toEqual(['720x1280', '360x640'])
  })

  it('keeps odd-sized sources even and at their own size when below every rung', async () => {
    const odd = await makeClip(work.path, 'odd', { width: 641, height: 363, seconds: 2, pixFmt: 'yuv444p' })
    // 641x363 shown at 360 on the short side: 641 × 360 / 363 = 635.7, rounded to even.
    expect(sizes(await inspectPackage((await encodeFile(odd, out)).outputs.dir))).toEqual(['636x360'])
    const tiny = await makeClip(work.path, 'tiny', { width: 176, height: 144, seconds: 2 })
    const facts = await inspectPackage((await encodeFile(tiny, out)).outputs.dir)
    expect(facts.problems).toEqual([])
    expect(sizes(facts)).toEqual(['176x144'])
  })

  it('scales 4K down to the default ladder', async () => {
    const uhd = await makeClip(work.path, 'uhd', { width: 3840, height: 2160, fps: 24, seconds: 1 })
    const facts = await inspectPackage((await encodeFile(uhd, out)).outputs.dir)
    expect(facts.problems).toEqual([])
    expect(sizes(facts)).toEqual(['1920x1080', '1280x720', '854x480', '640x360'])
  })

  it('converts 10-bit HDR HEVC into 8-bit H.264 High', async () => {
    const hdr = await makeClip(work.path, 'hdr', { codec: 'libx265', pixFmt: 'yuv420p10le', hdr: true, seconds: 2 })
    const result = await encodeFile(hdr, out)
    expect(result.info.video).toMatchObject({ codec: 'hevc', bitDepth: 10, hdr: true })
    expect(result.plan.video?.toneMap).toBe('tonemap')
    const facts = await inspectPackage(result.outputs.dir)
    expect(facts.problems).toEqual([])
    expect(facts.variants[0]?.stream.codecs).toMatch(/^avc1\.64/)
  })

  it('keeps segment boundaries aligned for a variable frame rate source', async () => {
    const vfr = await makeClip(work.path, 'vfr', { width: 640, height: 360, fps: 30, seconds: 5, vfr: true })
    const result = await encodeFile(vfr, out, { segmentSeconds: 2, ladder: [360, 240] })
    expect(result.info.video?.variableFrameRate).toBe(true)
    const facts = await inspectPackage(result.outputs.dir)
    expect(facts.problems).toEqual([])
    expect(facts.variants).toHaveLength(2)
  })

  it('downmixes 5.1 audio to stereo 48 kHz', async () => {
    const surround = await makeClip(work.path, 'surround', { audioChannels: 6, seconds: 2 })
    const result = await encodeFile(surround, out)
    expect(result.info.audio?.channels).toBe(6)
    const facts = await inspectPackage(result.outputs.dir)
    expect(facts.problems).toEqual([])
    expect(facts.variants[0]).toMatchObject({ audioChannels: 2, audioSampleRate: 48000 })
    expect(result.manifest.warnings.join(' ')).toMatch(/downmixed to stereo/)
  })

  it('makes video-only variants for a silent clip', async () => {
    const silent = await makeClip(work.path, 'silent', { audioChannels: 0, seconds: 2 })
    const facts = await inspectPackage((await encodeFile(silent, out)).outputs.dir)
    expect(facts.problems).toEqual([])
    expect(facts.variants[0]?.audioCodec).toBeUndefined()
    expect(facts.variants[0]?.stream.codecs).toMatch(/^avc1\.[0-9a-f]{6}$/)
  })

  it('encodes a sub-second clip into one segment per variant', async () => {
    const blink = await makeClip(work.path, 'blink', { seconds: 0.4 })
    const facts = await inspectPackage((await encodeFile(blink, out)).outputs.dir)
    expect(facts.problems).toEqual([])
    expect(facts.variants[0]?.segments).toHaveLength(1)
  })

  it('writes fMP4 segments with an init segment on request', async () => {
    const result = await encodeFile(landscape, out, { segmentFormat: 'fmp4', segmentSeconds: 2, ladder: [480, 360] })
    const facts = await inspectPackage(result.outputs.dir, { segmentSeconds: 2 })
    expect(facts.problems).toEqual([])
    for (const v of facts.variants) {
      expect(v.playlistText).toMatch(/#EXT-X-MAP:URI="init\.mp4"/)
      expect(v.segments.every((s) => s.uri.endsWith('.m4s'))).toBe(true)
    }
    expect(facts.masterText).toContain('#EXT-X-VERSION:7')
  })
})

describe('audio-only packages', () => {
  it('turns an mp3 podcast with cover art into the 192/128/96k audio ladder', async () => {
    const podcast = await makeAudio(work.path, 'podcast', { seconds: 14, coverArt: true, noise: true })
    const result = await encodeFile(podcast, out)
    expect(result.plan.kind).toBe('audio')
    const facts = await inspectPackage(result.outputs.dir, { segmentSeconds: 6 })
    expect(facts.problems).toEqual([])
    expect(facts.variants.map((v) => v.uri)).toEqual(['a0/index.m3u8', 'a1/index.m3u8', 'a2/index.m3u8'])
    const averages = facts.variants.map((v) => v.stream.averageBandwidth ?? 0)
    expect(averages[0]).toBeGreaterThan(averages[1]!)
    expect(averages[1]).toBeGreaterThan(averages[2]!)
    for (const v of facts.variants) {
      expect(v.stream.codecs).toBe('mp4a.40.2')
      expect(v.stream.resolution).toBeUndefined()
      expect(v.width).toBeUndefined()
    }
  })

  it('encodes the sound of a video as audio with type audio', async () => {
    const clip = await makeClip(work.path, 'talk', { seconds: 2 })
    const result = await encodeFile(clip, out, { type: 'audio' })
    expect(result.manifest.variants.map((v) => v.id)).toEqual(['a0', 'a1', 'a2'])
  })
})
