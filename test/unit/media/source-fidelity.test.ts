import { describe, expect, it } from 'vitest'
import { judgeInterlace, parseIdetLine } from '../../../src/main/engine/media/interlace'
import { planPicture } from '../../../src/main/engine/media/picture-plan'
import { interpretProbe, type FfprobeOutput } from '../../../src/main/engine/media/probe-parse'
import { classifyHead } from '../../../src/main/engine/media/source-sniff'
import { sourceInfo } from '../../helpers/media-info-fixture'

const text = (s: string) => Buffer.from(s, 'utf8')

describe('what a file’s first bytes say', () => {
  it('knows HLS playlists, concat lists and ffconcat files, BOM and CRLF included', () => {
    expect(classifyHead(text('#EXTM3U\n#EXT-X-VERSION:3\n'))).toBe('hls-playlist')
    expect(classifyHead(text('\uFEFF#EXTM3U\r\n'))).toBe('hls-playlist')
    expect(classifyHead(text('ffconcat version 1.0\nfile a.mp4\n'))).toBe('concat-list')
    expect(classifyHead(text('# my list\nfile \'/etc/passwd\'\n'))).toBe('concat-list')
  })

  it('knows still pictures by their magic numbers', () => {
    expect(classifyHead(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBe('still-image')
    expect(classifyHead(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]))).toBe('still-image')
    expect(classifyHead(Buffer.concat([Buffer.from([0, 0, 0, 0x18]), text('ftypheic'), Buffer.alloc(8)]))).toBe('still-image')
  })

  it('leaves real media and other text alone', () => {
    expect(classifyHead(Buffer.concat([Buffer.from([0, 0, 0, 0x20]), text('ftypisom'), Buffer.alloc(8)]))).toBeUndefined()
    expect(classifyHead(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 1, 0x42, 0xf7, 0x81]))).toBeUndefined()
    expect(classifyHead(text('just some notes\nabout a film\n'))).toBeUndefined()
  })
})

describe('interlace judgement', () => {
  const counts = (tff: number, bff: number, progressive: number, undetermined = 0) => ({ tff, bff, progressive, undetermined })

  it('reads idet’s multi-frame line', () => {
    expect(parseIdetLine('[Parsed_idet_0 @ 0x1e9ac540] Multi frame detection: TFF:   100 BFF:     0 Progressive:     0 Undetermined:     0')).toEqual(counts(100, 0, 0))
    expect(parseIdetLine('[Parsed_idet_0 @ 0x1] Single frame detection: TFF: 1 BFF: 0 Progressive: 0 Undetermined: 0')).toBeUndefined()
  })

  it('trusts a stream field order unless the frames are clearly progressive', () => {
    expect(judgeInterlace('tt', counts(90, 0, 10))).toMatchObject({ fieldOrder: 'tff', detectedBy: 'stream' })
    expect(judgeInterlace('tb', undefined)).toMatchObject({ fieldOrder: 'bff', detectedBy: 'stream' })
    expect(judgeInterlace('tt', counts(2, 1, 97))).toBeUndefined()
  })

  it('finds interlacing the container does not mention, in one clear field order', () => {
    expect(judgeInterlace('progressive', counts(0, 88, 12))).toMatchObject({ fieldOrder: 'bff', detectedBy: 'frames' })
    expect(judgeInterlace(undefined, counts(70, 0, 30))).toMatchObject({ fieldOrder: 'tff', detectedBy: 'frames' })
  })

  it('never calls a progressive picture interlaced: mixed orders (lavfi testsrc2: 46/44) and too few decided frames', () => {
    expect(judgeInterlace('progressive', counts(46, 44, 10))).toBeUndefined()
    expect(judgeInterlace(undefined, counts(0, 0, 100))).toBeUndefined()
    expect(judgeInterlace(undefined, counts(20, 0, 0, 200))).toBeUndefined()
  })
})

describe('the picture plan', () => {
  it('says what it will do in plain words, in order', () => {
    const video = sourceInfo({ interlace: { fieldOrder: 'tff', detectedBy: 'frames' }, pixelFormat: 'yuv420p10le', bitDepth: 10, hdr: true, colorTransfer: 'arib-std-b67' }).video!
    const picture = planPicture(video, { canToneMap: true, deinterlacer: 'bwdif' })
    expect(picture.treatments).toEqual([
      { kind: 'deinterlace', text: 'deinterlaced (bwdif, top field first)' },
      { kind: 'tone-map', text: 'tone-mapped from HLG to SDR BT.709' }
    ])
    expect(picture).toMatchObject({ toneMap: 'tonemap', hdrTransfer: 'hlg', deinterlace: { filter: 'bwdif', fieldOrder: 'tff' } })
  })

  it('uses yadif where bwdif is missing, and warns when neither exists', () => {
    const video = sourceInfo({ interlace: { fieldOrder: 'bff', detectedBy: 'stream' } }).video!
    expect(planPicture(video, { canToneMap: true, deinterlacer: 'yadif' }).treatments[0]?.text).toBe('deinterlaced (yadif, bottom field first)')
    expect(planPicture(video, { canToneMap: true }).warnings.join(' ')).toMatch(/interlaced, but this ffmpeg has neither bwdif nor yadif/)
  })

  it('names 4:2:2 10-bit masters and BT.601 SD conversions, and keeps the no-tone-map warning', () => {
    expect(planPicture(sourceInfo({ pixelFormat: 'yuv422p10le', bitDepth: 10 }).video!, { canToneMap: true }).treatments).toEqual([
      { kind: 'colour-convert', text: 'converted from 10-bit 4:2:2 (yuv422p10le) to 8-bit 4:2:0' }
    ])
    const sd = sourceInfo({ width: 720, height: 576, displayWidth: 768, displayHeight: 576, colorSpace: 'bt470bg' }).video!
    expect(planPicture(sd, { canToneMap: true }).matrixFrom).toBe('bt601')
    expect(planPicture(sourceInfo({ colorSpace: 'bt709' }).video!, { canToneMap: true }).matrixFrom).toBeUndefined()
    const pq = planPicture(sourceInfo({ hdr: true, colorTransfer: 'smpte2084', bitDepth: 10, pixelFormat: 'yuv420p10le' }).video!, { canToneMap: false })
    expect(pq.warnings.join(' ')).toMatch(/without tone mapping/)
    expect(pq.toneMap).toBe('convert')
  })

  it('fits frames into the upright coded size, so a rotated source keeps its picture', () => {
    expect(planPicture(sourceInfo({ width: 1920, height: 1080, rotation: 90 }).video!, { canToneMap: true }).pictureSize).toEqual({ width: 1080, height: 1920 })
  })
})

describe('probe interpretation', () => {
  const video = { index: 0, codec_type: 'video', codec_name: 'h264', width: 320, height: 240 }
  it('lets a source without a header duration through, to be measured', () => {
    const verdict = interpretProbe('/a.webm', 10, { streams: [video], format: { format_name: 'matroska,webm' } })
    expect(verdict).toMatchObject({ ok: true, durationMissing: true })
    const fromStream = interpretProbe('/a.webm', 10, { streams: [{ ...video, duration: '3.5' }], format: { format_name: 'matroska,webm' } })
    expect(fromStream).toMatchObject({ ok: true, durationMissing: false, info: { durationSeconds: 3.5 } })
  })

  it('calls a lone picture a still image', () => {
    const png: FfprobeOutput = { streams: [{ index: 0, codec_type: 'video', codec_name: 'png', width: 64, height: 64 }], format: { format_name: 'png_pipe' } }
    expect(interpretProbe('/a.png', 10, { ...png, format: { format_name: 'matroska' } })).toEqual({ ok: false, reason: 'still-image' })
    const oneFrame = { streams: [{ ...video, nb_frames: '1' }], format: { format_name: 'mov,mp4', duration: '0.04' } }
    expect(interpretProbe('/a.mp4', 10, oneFrame)).toEqual({ ok: false, reason: 'still-image' })
  })
})
