/**
 * Every audio language and every text subtitle track of a source reaches the package, and no
 * package ends with a runt segment: real encodes of sources made at test time, each package
 * checked by the conformance helper (RFC 8216 peak both ways, groups, runts).
 */
import { execFile } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { inspectPackage, type PackageFacts } from '../../helpers/conformance'
import { encodeFile } from '../../helpers/encode'
import { FFMPEG, SYSTEM_FFMPEG, SYSTEM_FFPROBE, makeAudio, makeClip, tempDir } from '../../helpers/media'
import { makeMultiTrackClip } from '../../helpers/multi-track'

const run = promisify(execFile)
const work = tempDir()
const out = join(work.path, 'out')
afterAll(() => work.cleanup())

/** Mean level (dB) of a rendition's sound within ±40 Hz of `hz`: the English track is 440 Hz, the French 660 Hz. */
async function levelAt(playlist: string, hz: number): Promise<number> {
  const { stderr } = await run(FFMPEG, ['-hide_banner', '-i', playlist, '-af', `bandpass=f=${hz}:width_type=h:w=40,volumedetect`, '-f', 'null', '-'])
  return Number(/mean_volume: (-?[\d.]+) dB/.exec(stderr)?.[1])
}

const audioGroup = (facts: PackageFacts) =>
  facts.renditions.filter((r) => r.type === 'AUDIO').map((r) => ({ uri: r.uri, language: r.language, name: r.name, isDefault: r.isDefault, channels: r.channels, sampleRate: r.sampleRate }))
const subtitleGroup = (facts: PackageFacts) => facts.renditions.filter((r) => r.type === 'SUBTITLES').map((r) => [r.uri, r.language, r.name, r.forced])

describe('every audio track and every text subtitle track', () => {
  it('makes an audio group of both languages and WebVTT renditions of both SubRip tracks (Matroska)', async () => {
    const source = await makeMultiTrackClip(work.path, 'harbour-tour')
    const result = await encodeFile(source, out, { ladder: [240, 144], segmentSeconds: 2, images: false })
    const facts = await inspectPackage(result.outputs.dir, { segmentSeconds: 2 })
    expect(facts.problems).toEqual([])
    expect(audioGroup(facts)).toEqual([
      { uri: 'audio-0/index.m3u8', language: 'en', name: 'English', isDefault: true, channels: 2, sampleRate: 48000 },
      // The French track is mono 44.1 kHz in the source.
      { uri: 'audio-1/index.m3u8', language: 'fr', name: 'Français', isDefault: false, channels: 2, sampleRate: 48000 }
    ])
    for (const v of facts.variants) {
      expect(v.stream.audio.map((a) => a.uri)).toEqual(['audio-0/index.m3u8', 'audio-1/index.m3u8'])
      expect(v.stream.codecs).toMatch(/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/)
      expect(v.audioFrom).toBe('group')
    }
    // Each rendition carries its own language's sound, not a copy of the first.
    const dir = result.outputs.dir
    expect((await levelAt(join(dir, 'audio-0/index.m3u8'), 440)) - (await levelAt(join(dir, 'audio-0/index.m3u8'), 660))).toBeGreaterThan(10)
    expect((await levelAt(join(dir, 'audio-1/index.m3u8'), 660)) - (await levelAt(join(dir, 'audio-1/index.m3u8'), 440))).toBeGreaterThan(10)

    expect(subtitleGroup(facts)).toEqual([
      ['subs-0/index.m3u8', 'en', 'English', false],
      ['subs-1/index.m3u8', 'fr', 'Français', true]
    ])
    const cues = facts.renditions.filter((r) => r.type === 'SUBTITLES').map((r) => r.cueText)
    expect(cues[0]).toMatch(/00:00:00\.5\d\d --> 00:00:01\.5\d\d\nHello from the harbour/)
    expect(cues[1]).toContain('Bonjour du port')
    expect(result.plan.treatments).toEqual([
      // The clip is small and untagged, so it is taken as BT.601 (see picture-plan.ts).
      { kind: 'colour-convert', text: 'colour matrix converted from BT.601 to BT.709' },
      { kind: 'audio-tracks', text: '2 audio languages: English, Français' },
      { kind: 'downmix', text: 'mono audio (Français) spread over both stereo channels' },
      { kind: 'subtitle-tracks', text: '2 subtitle tracks as WebVTT: English, Français (forced)' }
    ])
    expect(result.manifest.audioRenditions?.map((r) => [r.id, r.language, r.codecs])).toEqual([['audio-0', 'en', 'mp4a.40.2'], ['audio-1', 'fr', 'mp4a.40.2']])
  })

  it('reads mov_text from MP4, honours the default flag, and adds a --subtitles sidecar beside the embedded tracks', async () => {
    const source = await makeMultiTrackClip(work.path, 'phone-interview', { ext: 'mp4', frenchDefault: true })
    const sidecar = join(work.path, 'interview.de.srt')
    writeFileSync(sidecar, '1\n00:00:01,000 --> 00:00:02,000\nGuten Tag\n')
    const result = await encodeFile(source, out, { ladder: [240], segmentSeconds: 2, images: false, subtitles: { path: sidecar, language: 'de' } })
    const facts = await inspectPackage(result.outputs.dir, { segmentSeconds: 2 })
    expect(facts.problems).toEqual([])
    expect(audioGroup(facts).map((a) => [a.language, a.isDefault])).toEqual([['en', false], ['fr', true]])
    expect(subtitleGroup(facts)).toEqual([
      ['subs/index.m3u8', 'de', 'German', false],
      ['subs-0/index.m3u8', 'en', 'English', false],
      // ffmpeg's MP4 muxer keeps no forced flag for mov_text, so none is read back.
      ['subs-1/index.m3u8', 'fr', 'Français', false]
    ])
    expect(facts.renditions.find((r) => r.uri === 'subs-0/index.m3u8')?.cueText).toContain('Second line')
  })

  it.runIf(existsSync(SYSTEM_FFMPEG))('gives the same groups with Debian’s ffmpeg 5.1, in fMP4', async () => {
    const source = await makeMultiTrackClip(work.path, 'harbour-five', { seconds: 4.3 })
    const result = await encodeFile(source, out, { ladder: [240], segmentSeconds: 2, segmentFormat: 'fmp4', images: false }, { ffmpeg: SYSTEM_FFMPEG, ffprobe: SYSTEM_FFPROBE })
    const facts = await inspectPackage(result.outputs.dir, { segmentSeconds: 2, ffmpeg: SYSTEM_FFMPEG })
    expect(facts.problems).toEqual([])
    expect(audioGroup(facts).map((a) => a.language)).toEqual(['en', 'fr'])
    expect(subtitleGroup(facts).map(([, language]) => language)).toEqual(['en', 'fr'])
    expect(facts.variants[0]?.segments.map((s) => Number(s.duration.toFixed(1)))).toEqual([2, 2.4])
  })
})

describe('no runt last segment', () => {
  const durations = (facts: PackageFacts) => facts.variants.map((v) => v.segments.map((s) => Number(s.duration.toFixed(1))))

  it('folds a 0.32 s tail (158 frames at 25 fps) into the segment before it, on every rung and in the audio, for TS', async () => {
    const clip = await makeClip(work.path, 'tail-ts', { width: 640, height: 360, seconds: 6.3 })
    const result = await encodeFile(clip, out, { ladder: [360, 240], segmentSeconds: 2, images: false })
    const facts = await inspectPackage(result.outputs.dir, { segmentSeconds: 2 })
    expect(facts.problems).toEqual([])
    expect(durations(facts)).toEqual([[2, 2, 2.3], [2, 2, 2.3]])
    const audio = facts.renditions.find((r) => r.type === 'AUDIO')!
    expect(audio.segments).toHaveLength(3)
    expect(audio.segments.at(-1)!.duration).toBeGreaterThan(2)
  })

  it('folds it for fMP4 too, where the joined segment holds two moof+mdat fragments', async () => {
    const clip = await makeClip(work.path, 'tail-fmp4', { width: 640, height: 360, seconds: 4.4 })
    const result = await encodeFile(clip, out, { ladder: [360], segmentSeconds: 2, segmentFormat: 'fmp4', images: false })
    const facts = await inspectPackage(result.outputs.dir, { segmentSeconds: 2 })
    expect(facts.problems).toEqual([])
    expect(durations(facts)).toEqual([[2, 2.4]])
  })

  it('declares an honest bandwidth for every rung of an audio-only ladder with a tail', async () => {
    const podcast = await makeAudio(work.path, 'tail-podcast', { seconds: 6.1, noise: true })
    const result = await encodeFile(podcast, out, { segmentSeconds: 2 })
    const facts = await inspectPackage(result.outputs.dir, { segmentSeconds: 2 })
    expect(facts.problems).toEqual([])
    for (const v of facts.variants) expect(v.segments.at(-1)!.duration).toBeGreaterThan(2 / 3)
    // The 96k rung: MPEG-TS framing adds some, a runt tail used to add 4× (423 kbit/s).
    expect(facts.variants[2]!.stream.bandwidth / 96_000).toBeLessThan(1.3)
  })
})
