import { describe, expect, it } from 'vitest'
import { normalizeMediaPlaylist } from '../../../src/main/engine/hls/normalize'

// What ffmpeg 2018 writes for an audio-only variant of a 0.4 s clip.
const AUDIO_ONLY = `#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:0
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
#EXTINF:0.400000,
seg_00000.ts
#EXT-X-ENDLIST
`

describe('media playlist normalisation', () => {
  const fixed = normalizeMediaPlaylist(AUDIO_ONLY)

  it('declares independent segments right after the playlist type', () => {
    expect(fixed.split('\n').slice(4, 6)).toEqual(['#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-INDEPENDENT-SEGMENTS'])
  })

  it('raises a zero target duration to one second', () => {
    expect(fixed).toContain('#EXT-X-TARGETDURATION:1\n')
    expect(fixed).not.toContain('TARGETDURATION:0')
  })

  it('leaves a playlist that already follows the rules unchanged', () => {
    expect(normalizeMediaPlaylist(fixed)).toBe(fixed)
  })
})
