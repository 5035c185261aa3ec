import { describe, expect, it } from 'vitest'
import type { MediaInfo, VideoStreamInfo } from '@shared/media'
import { resolveEncodeSettings } from '@shared/settings'
import {
  bitrateForArea,
  bitrateForHeight,
  fitInBox,
  keyframeSecondsFor,
  OWN_SIZE_RUNG_MIN_GAIN,
  planEncode,
  planVideoRungs
} from '../../../src/main/engine/media/ladder'
import { sourceInfo } from '../../helpers/media-info-fixture'

/** A video stream whose display size follows its coded size unless given. */
function video(overrides: Partial<VideoStreamInfo> = {}): VideoStreamInfo {
  const width = overrides.width ?? 1920
  const height = overrides.height ?? 1080
  return sourceInfo({ width, height, displayWidth: width, displayHeight: height, ...overrides }).video!
}

function media(v: VideoStreamInfo | undefined, withAudio = true): MediaInfo {
  return sourceInfo({}, { path: '/clips/a.mp4', durationSeconds: 60, video: v, audio: withAudio ? sourceInfo().audio : undefined, audioStreamCount: withAudio ? 1 : 0 })
}

const ctx = { canToneMap: true, encoder: 'libx264' }
const sizes = (rungs: Array<{ width: number; height: number }>) => rungs.map((r) => `${r.width}x${r.height}`)

describe('ladder planning', () => {
  it('gives a 1080p source the full default ladder with the brief’s bitrates', () => {
    const rungs = planVideoRungs(video(), [1080, 720, 480, 360])
    expect(sizes(rungs)).toEqual(['1920x1080', '1280x720', '854x480', '640x360'])
    expect(rungs.map((r) => r.videoBitrateKbps)).toEqual([5000, 2800, 1400, 800])
    expect(rungs.map((r) => r.id)).toEqual(['v0', 'v1', 'v2', 'v3'])
    expect(rungs[0]).toMatchObject({ maxrateKbps: 5350, bufsizeKbps: 7500 })
  })

  it('applies the rung height to the short side of a portrait clip', () => {
    const rungs = planVideoRungs(video({ width: 1080, height: 1920 }), [1080, 720, 480, 360])
    expect(sizes(rungs)).toEqual(['1080x1920', '720x1280', '480x854', '360x640'])
    expect(rungs.map((r) => r.label)).toEqual(['1080p', '720p', '480p', '360p'])
  })

  it('honours display rotation: a 90° phone clip stored 1920x1080 is planned as portrait', () => {
    const rotated = video({ width: 1920, height: 1080, rotation: 90, displayWidth: 1080, displayHeight: 1920 })
    expect(sizes(planVideoRungs(rotated, [720]))).toEqual(['720x1280'])
  })

  it('never upscales: a 720p source drops the 1080 rung', () => {
    expect(sizes(planVideoRungs(video({ width: 1280, height: 720 }), [1080, 720, 480, 360]))).toEqual([
      '1280x720',
      '854x480',
      '640x360'
    ])
  })

  it('gives a source smaller than every rung one rung at its own size', () => {
    const rungs = planVideoRungs(video({ width: 320, height: 240 }), [1080, 720, 480, 360])
    expect(sizes(rungs)).toEqual(['320x240'])
    expect(rungs[0]?.videoBitrateKbps).toBeLessThan(800)
  })

  it('keeps dimensions even for odd sources and odd aspect ratios', () => {
    const odd = planVideoRungs(video({ width: 1281, height: 721 }), [720, 480, 360])
    for (const r of odd) {
      expect(r.width % 2).toBe(0)
      expect(r.height % 2).toBe(0)
    }
    expect(sizes(planVideoRungs(video({ width: 355, height: 199 }), [360]))).toEqual(['354x198'])
  })

  it('applies the sample aspect ratio of anamorphic video', () => {
    // 720x576 PAL with SAR 16:15 is shown at 768x576.
    const pal = video({ width: 720, height: 576, sampleAspectRatio: { num: 16, den: 15 }, displayWidth: 768, displayHeight: 576 })
    expect(sizes(planVideoRungs(pal, [480, 360]))).toEqual(['640x480', '480x360'])
  })

  it('plans a 4K source down to the ladder without a 2160 rung unless asked', () => {
    const uhd = video({ width: 3840, height: 2160 })
    expect(sizes(planVideoRungs(uhd, [1080, 720, 480, 360]))[0]).toBe('1920x1080')
    expect(sizes(planVideoRungs(uhd, [2160, 1080]))).toEqual(['3840x2160', '1920x1080'])
  })

  it('interpolates bitrates for rungs outside the brief’s table', () => {
    expect(bitrateForHeight(1080)).toBe(5000)
    expect(bitrateForHeight(540)).toBeGreaterThan(1400)
    expect(bitrateForHeight(540)).toBeLessThan(2800)
    expect(bitrateForHeight(240)).toBeLessThan(800)
    expect(bitrateForHeight(2160)).toBeGreaterThan(5000)
  })

  it('halves frame rates above 60 and keeps 60 and below', () => {
    const fast = planEncode(media(video({ avgFrameRate: 120, rFrameRate: 120 })), resolveEncodeSettings(), ctx)
    expect(fast.video).toMatchObject({ halveFrameRate: true, frameRate: 60 })
    const ntsc = planEncode(media(video({ avgFrameRate: 119.88, rFrameRate: 119.88 })), resolveEncodeSettings(), ctx)
    expect(ntsc.video?.frameRate).toBeCloseTo(59.94)
    const sixty = planEncode(media(video({ avgFrameRate: 60, rFrameRate: 60 })), resolveEncodeSettings(), ctx)
    expect(sixty.video).toMatchObject({ halveFrameRate: false, frameRate: 60 })
  })

  it('tone-maps HDR when the binary can, converts with a warning when it cannot', () => {
    const hdr = video({ pixelFormat: 'yuv420p10le', bitDepth: 10, hdr: true, colorTransfer: 'smpte2084' })
    expect(planEncode(media(hdr), resolveEncodeSettings(), ctx).video?.toneMap).toBe('tonemap')
    const fallback = planEncode(media(hdr), resolveEncodeSettings(), { ...ctx, canToneMap: false })
    expect(fallback.video?.toneMap).toBe('convert')
    expect(fallback.warnings.join(' ')).toMatch(/without tone mapping/)
    const sdr10 = video({ pixelFormat: 'yuv420p10le', bitDepth: 10 })
    expect(planEncode(media(sdr10), resolveEncodeSettings(), ctx).video?.toneMap).toBe('convert')
  })

  it('downmixes to stereo 48 kHz AAC 128k and says so for surround sources', () => {
    const info = media(video())
    info.audio = { index: 1, codec: 'ac3', channels: 6, channelLayout: '5.1', sampleRate: 44100 }
    const plan = planEncode(info, resolveEncodeSettings(), ctx)
    expect(plan.audio).toEqual({ bitrateKbps: 128, channels: 2, sampleRate: 48000 })
    expect(plan.warnings.join(' ')).toMatch(/6-channel audio downmixed to stereo/)
  })

  it('plans video-only variants for a source without audio', () => {
    const plan = planEncode(media(video(), false), resolveEncodeSettings(), ctx)
    expect(plan.kind).toBe('video')
    expect(plan.audio).toBeUndefined()
  })

  it('plans the 192/128/96k audio ladder for audio-only sources and for --type audio', () => {
    const podcast = planEncode(media(undefined), resolveEncodeSettings(), ctx)
    expect(podcast.kind).toBe('audio')
    expect(podcast.audioRungs.map((r) => [r.id, r.bitrateKbps])).toEqual([
      ['a0', 192],
      ['a1', 128],
      ['a2', 96]
    ])
    const forced = planEncode(media(video()), resolveEncodeSettings({ type: 'audio' }), ctx)
    expect(forced.kind).toBe('audio')
    expect(forced.video).toBeUndefined()
  })

  it('refuses impossible types with a plain sentence', () => {
    expect(() => planEncode(media(undefined), resolveEncodeSettings({ type: 'video' }), ctx)).toThrow(/no video stream/)
    expect(() => planEncode(media(video(), false), resolveEncodeSettings({ type: 'audio' }), ctx)).toThrow(/no audio stream/)
  })

  it('spaces keyframes about 2 s apart and exactly on every segment boundary', () => {
    expect(keyframeSecondsFor(6)).toBe(2)
    expect(keyframeSecondsFor(4)).toBe(2)
    expect(keyframeSecondsFor(5)).toBeCloseTo(5 / 3) // closer to 2 s than 2.5 s would be
    expect(keyframeSecondsFor(1)).toBe(1)
    expect(keyframeSecondsFor(3)).toBe(1.5)
    for (const seg of [1, 2, 3, 4, 5, 6, 7, 10, 2.5]) {
      const k = keyframeSecondsFor(seg)
      expect(Number.isInteger(Number((seg / k).toFixed(9)))).toBe(true)
    }
  })

  it('uses the segment length and format from the settings', () => {
    const plan = planEncode(media(video()), resolveEncodeSettings({ segmentSeconds: 4, segmentFormat: 'fmp4' }), ctx)
    expect(plan).toMatchObject({ segmentSeconds: 4, keyframeSeconds: 2, segmentFormat: 'fmp4' })
  })

  it('fits display dimensions inside a box, never past it and never larger than the source', () => {
    expect(fitInBox({ displayWidth: 1440, displayHeight: 1080 }, { width: 1280, height: 720 })).toEqual({ width: 960, height: 720 })
    expect(fitInBox({ displayWidth: 640, displayHeight: 360 }, { width: 1920, height: 1080 })).toEqual({ width: 640, height: 360 })
  })
})

const DEFAULT = [1080, 720, 480, 360]
const boxes = (rungs: Array<{ box: { width: number; height: number } }>) => rungs.map((r) => `${r.box.width}x${r.box.height}`)

describe('ladder boxes (issue 10)', () => {
  it('keeps a 2.39:1 film at full width: 1920x800 tops out at 1920x800, not 1728x720', () => {
    const rungs = planVideoRungs(video({ width: 1920, height: 800 }), DEFAULT)
    expect(sizes(rungs)).toEqual(['1920x800', '1280x534', '854x356', '640x266'])
    expect(boxes(rungs)).toEqual(['1920x1080', '1280x720', '854x480', '640x360'])
    expect(rungs.map((r) => r.label)).toEqual(['800p', '534p', '356p', '266p'])
  })

  it('keeps a cropped 1080p export at its own size: 1920x1036, not 1334x720', () => {
    expect(sizes(planVideoRungs(video({ width: 1920, height: 1036 }), DEFAULT))).toEqual(['1920x1036', '1280x690', '854x460', '640x346'])
  })

  it('gives a source between boxes its own size plus the box below when clearly larger', () => {
    const rungs = planVideoRungs(video({ width: 853, height: 479 }), DEFAULT)
    expect(sizes(rungs)).toEqual(['852x478', '640x360'])
    expect(boxes(rungs)).toEqual(['854x480', '640x360'])
  })

  it(`drops the own-size rung when it has less than ${Math.round((OWN_SIZE_RUNG_MIN_GAIN - 1) * 100)}% more pixels than the box below`, () => {
    expect(sizes(planVideoRungs(video({ width: 660, height: 370 }), DEFAULT))).toEqual(['640x358'])
  })

  it('turns the boxes for portrait, and labels rungs by their short side', () => {
    const rungs = planVideoRungs(video({ width: 1080, height: 1920 }), DEFAULT)
    expect(boxes(rungs)).toEqual(['1080x1920', '720x1280', '480x854', '360x640'])
    expect(rungs[0]?.label).toBe('1080p')
  })

  it('applies the sample aspect ratio of an anamorphic HDV source (1440x1080 shown as 1920x1080)', () => {
    const hdv = video({ width: 1440, height: 1080, sampleAspectRatio: { num: 4, den: 3 }, displayWidth: 1920, displayHeight: 1080 })
    expect(sizes(planVideoRungs(hdv, DEFAULT))).toEqual(['1920x1080', '1280x720', '854x480', '640x360'])
  })

  it('reads --ladder heights as 16:9 boxes', () => {
    expect(boxes(planVideoRungs(video({ width: 3840, height: 1600 }), [1080, 540]))).toEqual(['1920x1080', '960x540'])
    expect(sizes(planVideoRungs(video({ width: 3840, height: 1600 }), [1080, 540]))).toEqual(['1920x800', '960x400'])
  })

  it('sets bitrates by picture area: a wide film needs fewer bits than 16:9, a portrait clip the same', () => {
    const film = planVideoRungs(video({ width: 1920, height: 800 }), DEFAULT)[0]!
    const portrait = planVideoRungs(video({ width: 1080, height: 1920 }), DEFAULT)[0]!
    expect(film.videoBitrateKbps).toBeLessThan(5000)
    expect(film.videoBitrateKbps).toBeGreaterThan(2800)
    expect(portrait.videoBitrateKbps).toBe(5000)
    expect(bitrateForArea(1920 * 1080)).toBe(5000)
    expect(bitrateForArea(854 * 480)).toBe(1400)
  })
})
