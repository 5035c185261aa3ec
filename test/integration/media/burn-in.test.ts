/**
 * Burned-in subtitles on a flat blue clip: text pixels appear during each cue and nowhere
 * else, from hostile paths, in the bundled font on a "machine" whose fontconfig knows no fonts
 * at all (FONTCONFIG_FILE points at an empty configuration for this whole file).
 */
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { subtitlesFilter } from '../../../src/main/engine/media/subtitles/burn-filter'
import { subtitleFontsDir } from '../../../src/main/engine/media/resources'
import { encodeFile } from '../../helpers/encode'
import { FFMPEG, SYSTEM_FFMPEG, SYSTEM_FFPROBE, ffmpeg, tempDir } from '../../helpers/media'

const run = promisify(execFile)
const work = tempDir()
/** Characters that break an unescaped `subtitles=` argument, plus non-ASCII. */
const HOSTILE = `it's [a] "dir": ça; 字幕, ok`
const hostileDir = join(work.path, HOSTILE)
let blueClip: string

const SRT = '1\n00:00:01,000 --> 00:00:02,000\nHello wörld\n\n2\n00:00:04,000 --> 00:00:05,000\nSecond [cue]: ça va?\n'
const ASS = `[Script Info]
ScriptType: v4.00+
PlayResX: 320
PlayResY: 240

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,28,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,0,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hello ASS
Dialogue: 0,0:00:04.00,0:00:05.00,Default,,0,0,0,,{\\i1}Second{\\i0} line
`

beforeAll(async () => {
  // No fonts anywhere: only the studio's bundled one can draw text.
  const emptyFonts = join(work.path, 'no-fonts.conf')
  writeFileSync(emptyFonts, `<?xml version="1.0"?>\n<fontconfig><cachedir>${join(work.path, 'fc-cache')}</cachedir></fontconfig>\n`)
  process.env.FONTCONFIG_FILE = emptyFonts
  mkdirSync(hostileDir, { recursive: true })
  blueClip = join(work.path, 'blue.mp4')
  await ffmpeg([
    '-f', 'lavfi', '-i', 'color=c=blue:size=320x240:rate=25:duration=6',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=6',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', blueClip
  ])
})
afterAll(() => work.cleanup())

/** Pixels of the picture's lower third that are not the flat blue: subtitle text and its outline. */
async function textPixelsAt(input: string, seconds: number, binary = FFMPEG): Promise<number> {
  const { stdout } = await run(
    binary,
    // -ss after -i decodes up to the time: exact in every build (the 2018 one mis-seeks HLS input).
    ['-v', 'error', '-i', input, '-ss', String(seconds), '-frames:v', '1', '-vf', 'crop=iw:ih/3:0:ih*2/3,format=gray', '-f', 'rawvideo', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 }
  )
  const sorted = [...stdout].sort((a, b) => a - b)
  const background = sorted[Math.floor(sorted.length / 2)]!
  return [...stdout].filter((y) => Math.abs(y - background) > 60).length
}

async function expectCuesAt(playlist: string, binary = FFMPEG): Promise<void> {
  for (const during of [1.5, 4.5]) expect(await textPixelsAt(playlist, during, binary)).toBeGreaterThan(40)
  for (const between of [0.5, 3.0, 5.5]) expect(await textPixelsAt(playlist, between, binary)).toBe(0)
}

describe('burned-in subtitles', () => {
  it('draws SRT text during each cue and not between, from a hostile path into a hostile output folder', async () => {
    const srt = join(hostileDir, `sub [1]: it's, ok; é.srt`)
    writeFileSync(srt, SRT)
    const out = join(hostileDir, 'out [x]: y')
    const result = await encodeFile(blueClip, out, { ladder: [240], segmentSeconds: 2, images: false, subtitles: { path: srt, burn: true } })
    expect(result.plan.subtitles).toMatchObject({ mode: 'burn', format: 'srt', encoding: 'UTF-8', source: srt })
    await expectCuesAt(join(result.outputs.dir, 'v0', 'index.m3u8'))
    // Burned subtitles are not also a track, and the work copies are not in the package.
    expect(result.manifest.files.map((f) => f.path).filter((p) => /subs\/|\.work|\.srt$|\.ttf$|fonts/.test(p))).toEqual([])
  })

  it('burns the source’s own subtitle track with --burn-track, and keeps the other as a WebVTT rendition', async () => {
    const srt = join(work.path, 'embedded.srt')
    writeFileSync(srt, SRT)
    const other = join(work.path, 'other.srt')
    writeFileSync(other, '1\n00:00:01,000 --> 00:00:02,000\nAutre piste\n')
    const source = join(hostileDir, 'with tracks: [x].mkv')
    await ffmpeg(['-i', blueClip, '-i', other, '-i', srt, '-map', '0', '-map', '1', '-map', '2', '-c', 'copy', '-c:s', 'srt', '-metadata:s:s:0', 'language=fre', source])
    const result = await encodeFile(source, join(work.path, 'out-track'), { ladder: [240], segmentSeconds: 2, images: false, burnTrack: 1 })
    expect(result.plan.embeddedSubtitles?.map((t) => t.mode)).toEqual(['soft', 'burn'])
    await expectCuesAt(join(result.outputs.dir, 'v0', 'index.m3u8'))
    expect(result.manifest.files.map((f) => f.path).filter((p) => p.startsWith('subs'))).toEqual(['subs-0/index.m3u8', 'subs-0/seg_00000.vtt', 'subs-0/seg_00001.vtt', 'subs-0/seg_00002.vtt'])
    await expect(
      encodeFile(source, join(work.path, 'out-both'), { ladder: [240], images: false, burnTrack: 1, subtitles: { path: srt, burn: true } })
    ).rejects.toThrow('Only one subtitle track can be burned in: use --burn with --subtitles, or --burn-track, not both.')
  })

  it('draws ASS styled for a font the machine lacks, and a Windows-1252 SRT', async () => {
    const ass = join(hostileDir, 'styled: [ass].ass')
    writeFileSync(ass, ASS)
    const fromAss = await encodeFile(blueClip, join(work.path, 'out-ass'), { ladder: [240], segmentSeconds: 2, images: false, subtitles: { path: ass, burn: true } })
    await expectCuesAt(join(fromAss.outputs.dir, 'v0', 'index.m3u8'))

    const latin = join(work.path, 'latin1.srt')
    writeFileSync(latin, iconv.encode(SRT.replace('Hello wörld', 'Café crème à Noël'), 'windows-1252'))
    const fromLatin = await encodeFile(blueClip, join(work.path, 'out-latin'), { ladder: [240], segmentSeconds: 2, images: false, subtitles: { path: latin, burn: true } })
    expect(fromLatin.plan.subtitles?.encoding).toBe('windows-1252')
    await expectCuesAt(join(fromLatin.outputs.dir, 'v0', 'index.m3u8'))
  })

  it.runIf(existsSync(SYSTEM_FFMPEG))('works the same with Debian’s ffmpeg 5.1', async () => {
    const srt = join(hostileDir, `five [1]: it's.srt`)
    writeFileSync(srt, SRT)
    const result = await encodeFile(
      blueClip,
      join(hostileDir, 'out 5.1'),
      { ladder: [240], segmentSeconds: 2, images: false, subtitles: { path: srt, burn: true } },
      { ffmpeg: SYSTEM_FFMPEG, ffprobe: SYSTEM_FFPROBE }
    )
    await expectCuesAt(join(result.outputs.dir, 'v0', 'index.m3u8'), SYSTEM_FFMPEG)
  })

  it('really runs without fonts: the plain filter draws nothing here', async () => {
    const srt = join(work.path, 'control.srt')
    writeFileSync(srt, SRT)
    const out = join(work.path, 'control.mp4')
    await ffmpeg(['-i', blueClip, '-vf', subtitlesFilter({ file: srt }), '-c:v', 'libx264', '-preset', 'ultrafast', out])
    expect(await textPixelsAt(out, 1.5)).toBe(0)
  })

  it('escapes a hostile path for the subtitles filter itself (no safe copy in between)', async () => {
    const srt = join(hostileDir, `direct [2]: it's; é,ok.srt`)
    writeFileSync(srt, SRT)
    const fonts = join(hostileDir, 'fonts: [x]')
    mkdirSync(fonts, { recursive: true })
    copyFileSync(join(subtitleFontsDir(), 'DejaVuSans.ttf'), join(fonts, 'DejaVuSans.ttf'))
    const filter = subtitlesFilter({ file: srt, fontsDir: fonts, forceStyle: 'FontName=DejaVu Sans' })
    for (const binary of [FFMPEG, ...(existsSync(SYSTEM_FFMPEG) ? [SYSTEM_FFMPEG] : [])]) {
      const out = join(work.path, `direct-${binary === FFMPEG ? 'bundled' : 'system'}.mp4`)
      await ffmpeg(['-i', blueClip, '-filter_complex', `[0:0]${filter},split=1[v]`, '-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', out], binary)
      await expectCuesAt(out, binary)
    }
  })
})
