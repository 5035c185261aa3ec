import { describe, expect, it } from 'vitest'
import { readHevcCodecStringFromAnnexB } from '../../../src/main/engine/hls/codecs'
import { readFirstVideoPts } from '../../../src/main/engine/hls/fmp4-timing'
import { parseFirstPacketPts } from '../../../src/main/engine/media/stream-facts'

describe('HEVC codec string', () => {
  it('reads hvc1.<profile>.<compat>.<tier><level>.<constraints> from a real x265 SPS (emulation bytes included)', () => {
    // VPS then SPS as the bundled ffmpeg's libx265 wrote them for 1280x720 Main, level 3.1.
    const bytes = Buffer.from(
      '000000014001' + '0c01ffff016000000300900000030000030' + '05d959809' + '00000001' + '4201' + '010160000003009000000300000300' + '5da0028080',
      'hex'
    )
    expect(readHevcCodecStringFromAnnexB(bytes)).toBe('hvc1.1.6.L93.90')
    expect(readHevcCodecStringFromAnnexB(Buffer.from('000000014001ff', 'hex'))).toBeUndefined()
  })
})

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload)
  const header = Buffer.alloc(8)
  header.writeUInt32BE(8 + body.length)
  header.write(type, 4, 'latin1')
  return Buffer.concat([header, body])
}

function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4)
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4))
  return b
}

function track(id: number, handler: string, timescale: number): Buffer {
  return box(
    'trak',
    box('tkhd', u32(0, 0, 0, id, 0)),
    box('mdia', box('mdhd', u32(0, 0, 0, timescale, 0)), box('hdlr', u32(0, 0), Buffer.from(handler, 'latin1'), u32(0, 0, 0)))
  )
}

function fragment(trackId: number, decodeTime: number, compositionOffset: number): Buffer {
  // trun flags: data offset (0x1), sample duration (0x100), size (0x200), composition offset (0x800).
  return box('traf', box('tfhd', u32(0, trackId)), box('tfdt', u32(0, decodeTime)), box('trun', u32(0x000b01, 1, 0, 512, 4227, compositionOffset)))
}

describe('first video timestamp of an fMP4 segment', () => {
  it('is the video track’s tfdt plus its first composition offset, in the mdhd timescale', () => {
    const init = box('moov', track(2, 'soun', 48000), track(1, 'vide', 12800))
    const segment = Buffer.concat([box('styp', Buffer.from('msdh')), box('moof', fragment(2, 0, 0), fragment(1, 76800, 1024))])
    expect(readFirstVideoPts(init, segment)).toBe((76800 + 1024) / 12800)
    expect(readFirstVideoPts(box('moov', track(2, 'soun', 48000)), segment)).toBeUndefined()
  })

  it('reads MPEG-TS timestamps from ffmpeg’s framecrc output', () => {
    const framecrc = '#tb 0: 1/90000\n#media_type 0: video\n0,     126000,     133200,     3600,     4269, 0x41cccec0, S=1,        1\n'
    expect(parseFirstPacketPts(framecrc)).toBeCloseTo(1.48, 6)
  })
})
