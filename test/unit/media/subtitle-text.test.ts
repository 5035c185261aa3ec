import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { formatTimestamp, parseSrt, parseTimestamp, parseWebVtt, renderSrt } from '../../../src/main/engine/media/subtitles/cues'
import { decodeSubtitleBytes, subtitleFormatOf } from '../../../src/main/engine/media/subtitles/subtitle-file'
import {
  escapeFilterGraphText,
  escapeFilterOptionValue,
  renderFontconfig,
  subtitlesFilter
} from '../../../src/main/engine/media/subtitles/burn-filter'

describe('subtitle cues', () => {
  it('reads SRT with CRLF, a BOM, a missing index, positions and tags WebVTT does not have', () => {
    const srt =
      '\uFEFF1\r\n00:00:01,000 --> 00:00:02,500 X1:10 X2:100 Y1:5 Y2:50\r\n<font color="#ff0000">Red</font> and <i>slanted</i>\r\n{\\an8}top & <b>bold</b>\r\n\r\n\r\n' +
      '00:01:02,3 --> 00:01:04,000\r\nNo index\r\n\r\n3\r\nbroken timing\r\nskipped\r\n'
    expect(parseSrt(srt)).toEqual([
      { start: 1, end: 2.5, text: 'Red and <i>slanted</i>\ntop &amp; <b>bold</b>', settings: undefined },
      { start: 62.3, end: 64, text: 'No index', settings: undefined }
    ])
  })

  it('reads WebVTT, skipping STYLE, NOTE and REGION blocks and keeping ids and settings out of the text', () => {
    const vtt = 'WEBVTT Kind: captions\n\nSTYLE\n::cue { color: red }\n\nNOTE a note\n\nREGION\nid:r\n\nopening\n00:05.000 --> 00:06.000 align:start\n<v Ana>Hi</v>\n\n01:00:00.000 --> 01:00:01.000\nLate\n'
    expect(parseWebVtt(vtt)).toEqual([
      { start: 5, end: 6, text: '<v Ana>Hi</v>', settings: 'align:start' },
      { start: 3600, end: 3601, text: 'Late', settings: undefined }
    ])
    expect(parseWebVtt('not a webvtt file\n\n00:01.000 --> 00:02.000\nx')).toEqual([])
  })

  it('writes SRT for libass from WebVTT cues, unescaping entities and dropping voice tags', () => {
    expect(renderSrt([{ start: 1.5, end: 3, text: '<v Ana>Tom &amp; <i>Jerry</i></v> &lt;3' }])).toBe(
      '1\n00:00:01,500 --> 00:00:03,000\nTom & <i>Jerry</i> <3\n'
    )
  })

  it('formats and parses timestamps both ways', () => {
    expect(formatTimestamp(3725.0456)).toBe('01:02:05.046')
    expect(formatTimestamp(1.5, ',')).toBe('00:00:01,500')
    expect(parseTimestamp('02:05.046')).toBeCloseTo(125.046, 6)
    expect(parseTimestamp('nonsense')).toBeUndefined()
  })
})

describe('subtitle files', () => {
  it('detects Windows-1252 (and Latin-1, read as Windows-1252), UTF-8 with or without BOM, UTF-16', () => {
    const text = '1\n00:00:01,000 --> 00:00:02,000\nCafé “crème” – Noël à la façon\n'
    expect(decodeSubtitleBytes(iconv.encode(text, 'windows-1252'))).toEqual({ text, encoding: 'windows-1252' })
    expect(decodeSubtitleBytes(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'UTF-8' })
    expect(decodeSubtitleBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ text, encoding: 'UTF-8' })
    expect(decodeSubtitleBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]))).toEqual({ text, encoding: 'UTF-16LE' })
  })

  it('knows the format by extension, else by content', () => {
    expect(subtitleFormatOf('a.SSA', '')).toBe('ass')
    expect(subtitleFormatOf('a.txt', 'WEBVTT\n\n')).toBe('vtt')
    expect(subtitleFormatOf('a.txt', '[Script Info]\n')).toBe('ass')
    expect(subtitleFormatOf('a.sub', '1\n00:00:01,000 --> 00:00:02,000\nx')).toBe('srt')
    expect(subtitleFormatOf('a.txt', 'hello')).toBeUndefined()
  })
})

describe('the subtitles filter argument', () => {
  it('escapes a path for the option parser, then the filter text for the graph parser', () => {
    expect(escapeFilterOptionValue(`C:\\Subs\\it's: [1].srt`)).toBe(`C\\:\\\\Subs\\\\it\\'s\\: [1].srt`)
    expect(escapeFilterGraphText(`a,b;c[d]e'f\\g`)).toBe(`a\\,b\\;c\\[d\\]e\\'f\\\\g`)
    // ffmpeg's documented example: two levels of escaping for one value.
    expect(escapeFilterGraphText(`text=${escapeFilterOptionValue("this is a 'string': may contain one, or more, special characters")}`)).toBe(
      "text=this is a \\\\\\'string\\\\\\'\\\\: may contain one\\, or more\\, special characters"
    )
  })

  it('builds the filter from relative safe names and a style override', () => {
    expect(subtitlesFilter({ file: '.work/subtitles.srt', fontsDir: '.work/fonts', forceStyle: 'FontName=DejaVu Sans' })).toBe(
      'subtitles=filename=.work/subtitles.srt:fontsdir=.work/fonts:force_style=FontName=DejaVu Sans'
    )
  })

  it('writes a fontconfig file that keeps the system configuration and adds the bundled font', () => {
    const xml = renderFontconfig({ baseConfig: '/home/a&b/fonts.conf', fontsDir: '/jobs/x <1>/fonts', cacheDir: '/jobs/cache', platform: 'linux' })
    expect(xml).toContain('<include ignore_missing="yes">/home/a&#38;b/fonts.conf</include>')
    expect(xml).toContain('<dir>/jobs/x &#60;1&#62;/fonts</dir>')
    expect(renderFontconfig({ fontsDir: '/f', cacheDir: '/c', platform: 'darwin' })).toContain('<dir>/System/Library/Fonts</dir>')
    expect(renderFontconfig({ fontsDir: '/f', cacheDir: '/c', platform: 'win32' })).toContain('<dir>WINDOWSFONTDIR</dir>')
  })
})
