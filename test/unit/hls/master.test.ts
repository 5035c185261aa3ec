import { parse, types } from 'hls-parser'
import { describe, expect, it } from 'vitest'
import { renderMasterPlaylist } from '../../../src/main/engine/hls/master'

describe('master playlist writer', () => {
  const text = renderMasterPlaylist({
    segmentFormat: 'ts',
    variants: [
      {
        uri: 'v0/index.m3u8',
        bandwidth: 5229158.4,
        averageBandwidth: 5219933,
        codecs: 'avc1.640028,mp4a.40.2',
        resolution: { width: 1920, height: 1080 },
        frameRate: 29.97002997,
        subtitlesGroup: 'subs'
      },
      { uri: 'v1/index.m3u8', bandwidth: 2970150, averageBandwidth: 2958218, codecs: 'avc1.64001f', resolution: { width: 1280, height: 720 }, frameRate: 30, subtitlesGroup: 'subs' }
    ],
    subtitles: [{ groupId: 'subs', name: 'Français', language: 'fr', uri: 'subs/fr/index.m3u8', isDefault: false, autoselect: true }]
  })

  it('writes every attribute Apple’s authoring rules ask for, parseable by a real parser', () => {
    const master = parse(text) as types.MasterPlaylist
    expect(master.isMasterPlaylist).toBe(true)
    expect(master.independentSegments).toBe(true)
    expect(master.variants).toHaveLength(2)
    const top = master.variants[0]!
    expect(top.bandwidth).toBe(5229158)
    expect(top.averageBandwidth).toBe(5219933)
    expect(top.codecs).toBe('avc1.640028,mp4a.40.2')
    expect(top.resolution).toEqual({ width: 1920, height: 1080 })
    expect(top.frameRate).toBeCloseTo(29.97, 3)
    expect(top.subtitles[0]).toMatchObject({ language: 'fr', name: 'Français', uri: 'subs/fr/index.m3u8' })
  })

  it('writes FRAME-RATE with three decimals', () => {
    expect(text).toContain('FRAME-RATE=29.970')
    expect(text).toContain('FRAME-RATE=30.000')
  })

  it('uses version 7 for fMP4 packages', () => {
    const fmp4 = renderMasterPlaylist({ segmentFormat: 'fmp4', variants: [{ uri: 'a0/index.m3u8', bandwidth: 1, averageBandwidth: 1, codecs: 'mp4a.40.2' }] })
    expect(fmp4).toContain('#EXT-X-VERSION:7')
    expect(fmp4).not.toContain('RESOLUTION')
  })

  it('lists an audio group that every video variant references, and marks forced subtitles', () => {
    const grouped = renderMasterPlaylist({
      segmentFormat: 'ts',
      variants: [{ uri: 'v0/index.m3u8', bandwidth: 3_000_000, averageBandwidth: 2_900_000, codecs: 'avc1.64001f,mp4a.40.2', audioGroup: 'audio', subtitlesGroup: 'subs' }],
      audio: [
        { groupId: 'audio', name: 'English', language: 'en', uri: 'audio-0/index.m3u8', isDefault: true, channels: 2 },
        { groupId: 'audio', name: 'Français', language: 'fr', uri: 'audio-1/index.m3u8', isDefault: false, channels: 2 }
      ],
      subtitles: [{ groupId: 'subs', name: 'Français', language: 'fr', uri: 'subs-1/index.m3u8', isDefault: false, autoselect: true, forced: true }]
    })
    const variant = (parse(grouped) as types.MasterPlaylist).variants[0]!
    expect(variant.audio.map((a) => [a.language, a.name, a.isDefault, a.autoselect, a.uri, a.channels])).toEqual([
      ['en', 'English', true, true, 'audio-0/index.m3u8', '2'],
      ['fr', 'Français', false, true, 'audio-1/index.m3u8', '2']
    ])
    expect(variant.subtitles[0]?.forced).toBe(true)
    expect(grouped).toMatch(/#EXT-X-STREAM-INF:.*,AUDIO="audio",SUBTITLES="subs"/)
  })

  it('refuses an empty ladder', () => {
    expect(() => renderMasterPlaylist({ segmentFormat: 'ts', variants: [] })).toThrow()
  })
})
