import * as HLS from 'hls-parser'
import { describe, expect, it } from 'vitest'
import { playlistUris, resolveKey, rewritePlaylist } from '../../../src/main/engine/hls/rewrite'
import { renderMasterPlaylist } from '../../../src/main/engine/hls/master'

const master = renderMasterPlaylist({
  segmentFormat: 'ts',
  subtitles: [{ groupId: 'subs', name: 'English', language: 'en', uri: 's0/index.m3u8', isDefault: true, autoselect: true }],
  variants: [
    { uri: 'v0/index.m3u8', bandwidth: 2_900_000, averageBandwidth: 2_500_000, codecs: 'avc1.64001f,mp4a.40.2', resolution: { width: 1280, height: 720 }, frameRate: 25, subtitlesGroup: 'subs' },
    { uri: 'v1/index.m3u8', bandwidth: 900_000, averageBandwidth: 800_000, codecs: 'avc1.64001e,mp4a.40.2', resolution: { width: 640, height: 360 }, frameRate: 25, subtitlesGroup: 'subs' }
  ]
})

const fmp4Media = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:6
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-MAP:URI="init.mp4"
#EXTINF:6.000000,
seg_000.m4s
#EXTINF:6.000000,
seg_001.m4s
#EXTINF:2.480000,
seg_002.m4s
#EXT-X-ENDLIST
`

describe('playlist rewriting', () => {
  it('maps every variant and the subtitle rendition once, keeping the attributes', async () => {
    const calls: string[] = []
    const out = await rewritePlaylist(master, (uri, role) => {
      calls.push(`${role}:${uri}`)
      return `http://127.0.0.1:9/t/${uri}?sig=1&x=2`
    })
    expect(calls).toEqual(['variant:v0/index.m3u8', 'rendition:s0/index.m3u8', 'variant:v1/index.m3u8'])
    const parsed = HLS.parse(out.text) as HLS.types.MasterPlaylist
    expect(out.isMaster).toBe(true)
    expect(parsed.variants.map((v) => v.uri)).toEqual(['http://127.0.0.1:9/t/v0/index.m3u8?sig=1&x=2', 'http://127.0.0.1:9/t/v1/index.m3u8?sig=1&x=2'])
    expect(parsed.variants.map((v) => [v.bandwidth, v.averageBandwidth, v.codecs, v.frameRate])).toEqual([
      [2_900_000, 2_500_000, 'avc1.64001f,mp4a.40.2', 25],
      [900_000, 800_000, 'avc1.64001e,mp4a.40.2', 25]
    ])
    expect(parsed.variants[0]!.subtitles[0]!.uri).toBe('http://127.0.0.1:9/t/s0/index.m3u8?sig=1&x=2')
    expect(out.text.match(/#EXT-X-MEDIA:/g)).toHaveLength(1)
    expect(out.text).toContain('#EXT-X-INDEPENDENT-SEGMENTS')
  })

  it('maps segments and the init section of a media playlist, durations kept', async () => {
    const out = await rewritePlaylist(fmp4Media, async (uri, role) => `https://bucket.example/p/${uri}?role=${role}`)
    const parsed = HLS.parse(out.text) as HLS.types.MediaPlaylist
    expect(parsed.segments.map((s) => s.uri)).toEqual(['seg_000.m4s', 'seg_001.m4s', 'seg_002.m4s'].map((u) => `https://bucket.example/p/${u}?role=segment`))
    expect(parsed.segments[0]!.map.uri).toBe('https://bucket.example/p/init.mp4?role=init')
    expect(parsed.segments.map((s) => s.duration)).toEqual([6, 6, 2.48])
    expect(parsed.endlist).toBe(true)
    expect(parsed.playlistType).toBe('VOD')
    expect(out.text.match(/#EXT-X-MAP/g)).toHaveLength(1)
  })

  it('lists what a playlist refers to', () => {
    expect(playlistUris(fmp4Media).map((u) => `${u.role}:${u.uri}`)).toEqual(['segment:seg_000.m4s', 'init:init.mp4', 'segment:seg_001.m4s', 'segment:seg_002.m4s'])
  })

  it('resolves relative URIs to bucket keys, never above the root', () => {
    expect(resolveKey('show/job-1/master.m3u8', 'v0/index.m3u8')).toBe('show/job-1/v0/index.m3u8')
    expect(resolveKey('show/job-1/v0/index.m3u8', '../a0/seg%20one.ts?x=1')).toBe('show/job-1/a0/seg one.ts')
    expect(resolveKey('show/job-1/v0/index.m3u8', '/other/key.ts')).toBe('other/key.ts')
    expect(resolveKey('master.m3u8', '../../etc/passwd')).toBeUndefined()
    expect(resolveKey('a/master.m3u8', 'https://cdn.example/x.ts')).toBeUndefined()
    expect(resolveKey('a/master.m3u8', '%E0%A4%A')).toBeUndefined()
  })
})
