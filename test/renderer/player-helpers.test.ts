import { describe, expect, it } from 'vitest'
import { forceRendition, renditionsOf, variantIdOf, type QualityLevel, type QualityLevelList } from '../../src/renderer/src/player/quality-levels'
import { cueAt, parseStoryboardVtt } from '../../src/renderer/src/player/storyboard-vtt'
import { rungLabel } from '../../src/renderer/src/format/rung-label'

function levelList(levels: QualityLevel[]): QualityLevelList {
  return Object.assign([...levels], { selectedIndex: 0, on: () => undefined, off: () => undefined }) as unknown as QualityLevelList
}

describe('quality menu', () => {
  it('names VHS renditions after the package’s variant folders and forces one or all', () => {
    const levels = levelList([
      { id: '0-v0/index.m3u8', height: 1080, bitrate: 5_000_000, enabled: true },
      { id: '1-v1/index.m3u8', height: 720, bitrate: 2_800_000, enabled: true },
      { id: '2-v2/index.m3u8', height: 480, bitrate: 1_200_000, enabled: true }
    ])
    expect(variantIdOf('3-a1/index.m3u8')).toBe('a1')
    expect(renditionsOf(levels).map((r) => `${r.variantId} ${r.label}`)).toEqual(['v0 1080p', 'v1 720p', 'v2 480p'])
    forceRendition(levels, 'v1')
    expect([levels[0]!.enabled, levels[1]!.enabled, levels[2]!.enabled]).toEqual([false, true, false])
    forceRendition(levels, undefined)
    expect([levels[0]!.enabled, levels[1]!.enabled, levels[2]!.enabled]).toEqual([true, true, true])
  })
})

describe('rung names', () => {
  it('names a rung by its short side, so a 1080x1920 portrait rung is 1080p, as in the job detail', () => {
    const portrait = levelList([
      { id: '0-v0/index.m3u8', width: 1080, height: 1920, bitrate: 6_000_000, enabled: true },
      { id: '1-v1/index.m3u8', width: 720, height: 1280, bitrate: 3_000_000, enabled: true }
    ])
    expect(renditionsOf(portrait).map((r) => r.label)).toEqual(['1080p', '720p'])
    expect(rungLabel(1920, 1080)).toBe('1080p')
    expect(rungLabel(1080, 1920)).toBe('1080p')
    expect(rungLabel(undefined, 480)).toBe('480p')
    expect(rungLabel(undefined, undefined)).toBeUndefined()
  })
})

describe('storyboard', () => {
  const vtt = ['WEBVTT', '', '00:00:00.000 --> 00:00:05.000', 'storyboard.jpg#xywh=0,0,160,90', '', '00:00:05.000 --> 00:00:10.000', 'storyboard.jpg#xywh=160,0,160,90', '', '00:01:00.000 --> 00:01:05.000', 'storyboard-2.jpg#xywh=0,90,160,90', ''].join('\n')

  it('reads #xywh cues relative to the VTT and finds the tile for a time', () => {
    const cues = parseStoryboardVtt(vtt, 'http://127.0.0.1:8686/media/job-1/thumbnails/storyboard.vtt')
    expect(cues).toHaveLength(3)
    expect(cues[1]).toEqual({ start: 5, end: 10, image: 'http://127.0.0.1:8686/media/job-1/thumbnails/storyboard.jpg', x: 160, y: 0, w: 160, h: 90 })
    expect(cueAt(cues, 7.5)?.x).toBe(160)
    expect(cueAt(cues, 62)?.image).toMatch(/storyboard-2\.jpg$/)
    expect(cueAt(cues, 0)?.x).toBe(0)
  })
})
