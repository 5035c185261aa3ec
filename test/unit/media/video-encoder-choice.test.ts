import { describe, expect, it } from 'vitest'
import type { EncoderReport, EncoderStatus } from '../../../src/main/engine/media/hardware/encoder-report'
import type { MediaToolkit } from '../../../src/main/engine/media/toolkit'
import { needsEncoderReport, resolveVideoEncoder } from '../../../src/main/engine/pipeline/video-encoder-choice'

function toolkitWith(encoders: string[]): MediaToolkit {
  return {
    binaries: {
      ffmpeg: { name: 'ffmpeg', path: '/opt/ffmpeg', source: 'explicit' },
      ffprobe: { name: 'ffprobe', path: '/opt/ffprobe', source: 'explicit' }
    },
    capabilities: { path: '/opt/ffmpeg', sizeBytes: 1, mtimeMs: 1, version: 'ffmpeg version test', encoders, filters: [], hlsOptions: [], hlsFlags: [] }
  }
}

function report(encoders: Array<Partial<EncoderStatus> & { name: string }>, auto: string): EncoderReport {
  return {
    ffmpegPath: '/opt/ffmpeg',
    ffmpegVersion: 'ffmpeg version test',
    sizeBytes: 1,
    mtimeMs: 1,
    checkedAt: '2026-01-01T00:00:00.000Z',
    auto,
    encoders: encoders.map((e) => ({ kind: 'hardware', codec: 'h264', vendor: '', usable: false, autoEligible: true, proofMs: 1, ...e }))
  }
}

const toolkit = toolkitWith(['libx264', 'h264_nvenc', 'h264_vaapi'])
const noGpu = report(
  [
    { name: 'libx264', kind: 'software', usable: true },
    { name: 'h264_nvenc', usable: false, reason: 'Cannot load libcuda.so.1' },
    { name: 'h264_vaapi', usable: false, reason: 'No VA display found for device /dev/dri/renderD128.' }
  ],
  'libx264'
)
const withGpu = report([{ name: 'libx264', kind: 'software', usable: true }, { name: 'h264_nvenc', usable: true }], 'h264_nvenc')

describe('choosing the video encoder', () => {
  it('auto follows the proofs', () => {
    expect(resolveVideoEncoder('auto', toolkit, noGpu)).toEqual({ encoder: 'libx264' })
    expect(resolveVideoEncoder('auto', toolkit, withGpu)).toEqual({ encoder: 'h264_nvenc' })
  })

  it('a named encoder is used when proven, else libx264 with the reason', () => {
    expect(resolveVideoEncoder('h264_nvenc', toolkit, withGpu)).toEqual({ encoder: 'h264_nvenc' })
    expect(resolveVideoEncoder('h264_nvenc', toolkit, noGpu)).toEqual({
      encoder: 'libx264',
      fallbackReason: 'h264_nvenc: listed, but Cannot load libcuda.so.1'
    })
    expect(resolveVideoEncoder('h264_qsv', toolkit, noGpu)).toEqual({
      encoder: 'libx264',
      fallbackReason: "h264_qsv is not in this ffmpeg's encoder list"
    })
  })

  it('refuses names it does not know and an ffmpeg without libx264 when it would need it', () => {
    expect(() => resolveVideoEncoder('h264_magic', toolkit, noGpu)).toThrow(/Unknown encoder "h264_magic". Use one of: auto, libx264, h264_nvenc/)
    expect(() => resolveVideoEncoder('libx264', toolkitWith(['h264_nvenc']))).toThrow('This ffmpeg has no libx264 encoder (/opt/ffmpeg).')
    // A proven GPU encoder still works without libx264.
    expect(resolveVideoEncoder('h264_nvenc', toolkitWith(['h264_nvenc']), withGpu)).toEqual({ encoder: 'h264_nvenc' })
  })

  it('only asks for the proofs when the answer depends on them', () => {
    expect(needsEncoderReport('auto')).toBe(true)
    expect(needsEncoderReport('h264_vaapi')).toBe(true)
    expect(needsEncoderReport('libx264')).toBe(false)
    expect(needsEncoderReport('h264_magic')).toBe(false)
  })
})
