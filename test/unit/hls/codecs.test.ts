import { describe, expect, it } from 'vitest'
import { aacCodecString, avcCodecString, readAvcProfileFromAnnexB } from '../../../src/main/engine/hls/codecs'

describe('RFC 6381 codec strings', () => {
  it('reads profile, constraints and level from a real x264 access unit (AUD, then SPS)', () => {
    // First bytes ffmpeg wrote for a 1080p High profile level 4.0 frame.
    const bytes = Buffer.from('00000001' + '09f0' + '00000001' + '6764' + '0028' + 'acd94078', 'hex')
    const profile = readAvcProfileFromAnnexB(bytes)
    expect(profile).toEqual({ profileIdc: 0x64, constraintFlags: 0x00, levelIdc: 0x28 })
    expect(avcCodecString(profile!)).toBe('avc1.640028')
  })

  it('handles three-byte start codes and constrained baseline flags', () => {
    const bytes = Buffer.from('000001' + '67' + '42c01e' + 'ff', 'hex')
    expect(avcCodecString(readAvcProfileFromAnnexB(bytes)!)).toBe('avc1.42c01e')
  })

  it('finds nothing in a stream without an SPS', () => {
    expect(readAvcProfileFromAnnexB(Buffer.from('0000000109f000000001658888', 'hex'))).toBeUndefined()
  })

  it('maps AAC profiles to object types', () => {
    expect(aacCodecString('LC')).toBe('mp4a.40.2')
    expect(aacCodecString('HE-AAC')).toBe('mp4a.40.5')
    expect(aacCodecString('HE-AACv2')).toBe('mp4a.40.29')
    expect(aacCodecString(undefined)).toBe('mp4a.40.2')
  })
})
