/**
 * Soft subtitles as a WebVTT rendition: the package parses, every video variant names the
 * SUBTITLES group, the subtitle playlist has the video's segments one for one, and every cue
 * comes out of the segments with the times it went in with.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse, types } from 'hls-parser'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PackageManifest } from '@shared/job'
import { inspectPackage } from '../../helpers/conformance'
import { encodeFile } from '../../helpers/encode'
import { makeClip, tempDir } from '../../helpers/media'

const work = tempDir()
let clip: string

beforeAll(async () => {
  clip = await makeClip(work.path, 'lecture', { seconds: 7 })
})
afterAll(() => work.cleanup())

interface ParsedCue {
  start: string
  end: string
  text: string
}

/** Cues of one WebVTT segment, read with plain string handling (not the studio's parser). */
function cuesOf(vtt: string): ParsedCue[] {
  return vtt
    .split(/\n\n+/)
    .filter((block) => block.includes('-->'))
    .map((block) => {
      const lines = block.trim().split('\n')
      const timing = lines.findIndex((l) => l.includes('-->'))
      const [start, end] = lines[timing]!.split(' --> ').map((t) => t.split(' ')[0]!)
      return { start: start!, end: end!, text: lines.slice(timing + 1).join('\n') }
    })
}

function readPackage(dir: string) {
  const masterText = readFileSync(join(dir, 'master.m3u8'), 'utf8')
  const master = parse(masterText) as types.MasterPlaylist
  const subs = parse(readFileSync(join(dir, 'subs/index.m3u8'), 'utf8')) as types.MediaPlaylist
  const video = parse(readFileSync(join(dir, 'v0/index.m3u8'), 'utf8')) as types.MediaPlaylist
  const segments = subs.segments.map((s) => readFileSync(join(dir, 'subs', s.uri), 'utf8'))
  return { masterText, master, subs, video, segments }
}

describe('soft subtitles (WebVTT rendition)', () => {
  it('adds a SUBTITLES rendition every variant references, segmented like the video, cue times intact', async () => {
    const srt = join(work.path, 'lecture.srt')
    writeFileSync(
      srt,
      '1\r\n00:00:00,500 --> 00:00:01,250\r\nOne\r\n\r\n2\r\n00:00:01,900 --> 00:00:02,600\r\nTwo <i>crosses</i> a boundary\r\n\r\n' +
        '3\r\n00:00:05,000 --> 00:00:06,990\r\nThree & last\r\n'
    )
    const result = await encodeFile(clip, join(work.path, 'out'), {
      segmentSeconds: 2,
      ladder: [240, 180],
      images: false,
      subtitles: { path: srt, burn: false, language: 'fr' }
    })
    const dir = result.outputs.dir
    const { masterText, master, subs, video, segments } = readPackage(dir)

    expect(masterText).toMatch(/^#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="fr",NAME="French",DEFAULT=NO,AUTOSELECT=YES,URI="subs\/index.m3u8"$/m)
    expect(master.variants).toHaveLength(2)
    for (const variant of master.variants) {
      expect(variant.subtitles.map((r) => [r.type, r.groupId, r.language, r.uri])).toEqual([['SUBTITLES', 'subs', 'fr', 'subs/index.m3u8']])
    }
    expect(masterText.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF')).every((l) => l.includes('SUBTITLES="subs"'))).toBe(true)

    expect(subs.playlistType).toBe('VOD')
    expect(subs.endlist).toBe(true)
    expect(subs.segments.map((s) => s.duration)).toEqual(video.segments.map((s) => s.duration))

    // Every segment maps its cues onto the video's timeline the same way.
    const maps = segments.map((text) => /^X-TIMESTAMP-MAP=MPEGTS:(\d+),LOCAL:00:00:00\.000$/m.exec(text)?.[1])
    expect(segments.every((text) => text.startsWith('WEBVTT\n'))).toBe(true)
    expect(new Set(maps).size).toBe(1)
    expect(Number(maps[0])).toBeGreaterThan(0)

    // Each segment holds exactly the cues that overlap it; together they give back the source.
    const perSegment = segments.map(cuesOf)
    expect(perSegment.map((cues) => cues.map((c) => c.text))).toEqual([
      ['One', 'Two <i>crosses</i> a boundary'],
      ['Two <i>crosses</i> a boundary'],
      ['Three &amp; last'],
      ['Three &amp; last']
    ])
    const all = [...new Map(perSegment.flat().map((c) => [`${c.start}|${c.text}`, c])).values()]
    expect(all.map((c) => [c.start, c.end])).toEqual([
      ['00:00:00.500', '00:00:01.250'],
      ['00:00:01.900', '00:00:02.600'],
      ['00:00:05.000', '00:00:06.990']
    ])

    expect((await inspectPackage(dir, { segmentSeconds: 2 })).problems).toEqual([])
    const manifest = JSON.parse(readFileSync(result.outputs.manifest, 'utf8')) as PackageManifest
    const subtitleFiles = manifest.files.filter((f) => f.kind === 'subtitle').map((f) => f.path)
    expect(subtitleFiles).toEqual(['subs/seg_00000.vtt', 'subs/seg_00001.vtt', 'subs/seg_00002.vtt', 'subs/seg_00003.vtt'])
    expect(manifest.files.map((f) => f.path)).toContain('subs/index.m3u8')
    expect(manifest.plan.subtitles).toMatchObject({ mode: 'soft', format: 'srt', language: 'fr' })
  })

  it('reads WebVTT (styles, notes and cue settings) and ASS sources, and converts a Windows-1252 SRT', async () => {
    const vtt = join(work.path, 'styled.vtt')
    writeFileSync(
      vtt,
      'WEBVTT - lecture\n\nSTYLE\n::cue { color: yellow }\n\nNOTE written by hand\n\nintro\n00:00.800 --> 00:01.500 align:start line:10%\n<v Ana>Hello</v>\n'
    )
    const fromVtt = await encodeFile(clip, join(work.path, 'out-vtt'), { segmentSeconds: 2, ladder: [180], images: false, subtitles: { path: vtt, burn: false } })
    const first = readPackage(fromVtt.outputs.dir).segments[0]!
    expect(first).toContain('00:00:00.800 --> 00:00:01.500 align:start line:10%\n<v Ana>Hello</v>')
    expect(readFileSync(join(fromVtt.outputs.dir, 'master.m3u8'), 'utf8')).toContain('LANGUAGE="und",NAME="Subtitles"')

    const ass = join(work.path, 'styled.ass')
    writeFileSync(
      ass,
      '[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n' +
        'Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,0,2,10,10,10,1\n\n' +
        '[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:03.00,0:00:04.50,Default,,0,0,0,,{\\i1}Slanted{\\i0} words\n'
    )
    const fromAss = await encodeFile(clip, join(work.path, 'out-ass'), { segmentSeconds: 2, ladder: [180], images: false, subtitles: { path: ass, burn: false, language: 'de' } })
    // The cue spans the 4 s boundary, so segments 1 and 2 both carry it.
    const assCues = readPackage(fromAss.outputs.dir).segments.map(cuesOf)
    expect(assCues.map((cues) => cues.map((c) => [c.start, c.end, c.text]))).toEqual([
      [],
      [['00:00:03.000', '00:00:04.500', '<i>Slanted</i> words']],
      [['00:00:03.000', '00:00:04.500', '<i>Slanted</i> words']],
      []
    ])

    const latin = join(work.path, 'latin.srt')
    writeFileSync(latin, iconv.encode('1\n00:00:00,400 --> 00:00:01,000\nCafé “crème” – Noël\n', 'windows-1252'))
    const fromLatin = await encodeFile(clip, join(work.path, 'out-latin'), { segmentSeconds: 2, ladder: [180], images: false, subtitles: { path: latin, burn: false } })
    expect(fromLatin.plan.subtitles?.encoding).toBe('windows-1252')
    expect(cuesOf(readPackage(fromLatin.outputs.dir).segments[0]!)[0]!.text).toBe('Café “crème” – Noël')
  })

  it('fails clearly on a subtitle file with no cues, before encoding and leaving nothing behind', async () => {
    const empty = join(work.path, 'broken.srt')
    writeFileSync(empty, 'this is not a subtitle file\n')
    await expect(
      encodeFile(clip, join(work.path, 'out-broken'), { ladder: [180], subtitles: { path: empty, burn: false } })
    ).rejects.toMatchObject({ code: 'SUBTITLES_INVALID', message: 'No subtitle cues could be read from broken.srt.' })
    const out = join(work.path, 'out-broken')
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([])
  })
})
