import { describe, expect, it } from 'vitest'
import type { RungQuality } from '@shared/job'
import { parseQualityLog, buildQualitySampleArgs, PSNR_CEILING_DB } from '../../../src/main/engine/quality/quality-args'
import { gradeOf, qualityWarnings, sampleTimes } from '../../../src/main/engine/quality/quality-grade'

const quality = (ssim: number): RungQuality => ({ ssim, psnrDb: 40, grade: gradeOf(ssim), samples: 20, scaler: 'bicubic' })

describe('quality grades and warnings', () => {
  it('grades SSIM on the Zinner et al. thresholds', () => {
    expect([0.995, 0.99, 0.97, 0.95, 0.9, 0.88, 0.86, 0.3].map(gradeOf)).toEqual(['excellent', 'excellent', 'good', 'good', 'visible loss', 'visible loss', 'poor', 'poor'])
  })

  it('says which rung looks poor and what to do about it', () => {
    const warnings = qualityWarnings([
      { id: 'v0', height: 720, quality: quality(0.97) },
      { id: 'v1', height: 360, quality: quality(0.861) }
    ])
    expect(warnings).toEqual(['360p looks poor (SSIM 0.861): raise its bitrate or drop it.'])
  })

  it('points out two excellent neighbours that look the same, and not two that differ', () => {
    expect(qualityWarnings([{ id: 'v0', height: 1080, quality: quality(0.9961) }, { id: 'v1', height: 720, quality: quality(0.9955) }])).toEqual([
      '1080p and 720p look nearly the same (SSIM 0.996 and 0.996): 1080p could use fewer bits.'
    ])
    expect(qualityWarnings([{ id: 'v0', height: 1080, quality: quality(0.996) }, { id: 'v1', height: 720, quality: quality(0.991) }])).toEqual([])
  })

  it('spreads samples over the segment starts, first and last included', () => {
    const starts = Array.from({ length: 100 }, (_, i) => i * 6)
    const picked = sampleTimes(starts, 20)
    expect(picked).toHaveLength(20)
    expect(picked[0]).toBe(0)
    expect(picked.at(-1)).toBe(594)
    expect(sampleTimes([0, 6, 12], 20)).toEqual([0, 6, 12])
    expect(sampleTimes(starts, 1)).toEqual([0])
  })
})

describe('the comparison command and its log', () => {
  it('confines the rung inputs to the package playlists and names one ssim and one psnr per rung', () => {
    const args = buildQualitySampleArgs({
      sourcePath: '/media/-odd:name.mp4',
      videoStreamIndex: 0,
      plan: { video: undefined } as never,
      rungs: [
        { id: 'v0', width: 1280, height: 720, playlistPath: '/pkg/v0/index.m3u8' },
        { id: 'v1', width: 640, height: 360, playlistPath: '/pkg/v1/index.m3u8' }
      ],
      atSeconds: 12
    })
    expect(args).toContain('file:/media/-odd:name.mp4')
    expect(args).toContain('file:/pkg/v1/index.m3u8')
    const graph = args[args.indexOf('-filter_complex') + 1]!
    expect(graph).toContain('ssim@q0')
    expect(graph).toContain('psnr@q1')
    expect(graph).toContain('scale=640:360:flags=bicubic')
    expect(args.filter((a) => a === '-protocol_whitelist')).toHaveLength(3)
  })

  it('reads each rung from its own filter lines, whatever their order, and caps an infinite PSNR', () => {
    const lines = [
      '[psnr@q1 @ 0x5580] PSNR y:31.20 u:40.1 v:40.3 average:32.85 min:32.85 max:32.85',
      '[ssim@q1 @ 0x5581] SSIM Y:0.900000 (10.0) U:0.95 (13.0) V:0.95 (13.0) All:0.916667 (10.8)',
      '[ssim@q0 @ 0x5582] SSIM Y:1.000000 (inf) U:1.000000 (inf) V:1.000000 (inf) All:1.000000 (inf)',
      '[psnr@q0 @ 0x5583] PSNR y:inf u:inf v:inf average:inf min:inf max:inf'
    ]
    expect(parseQualityLog(lines, 3)).toEqual([{ ssim: 1, psnrDb: PSNR_CEILING_DB }, { ssim: 0.916667, psnrDb: 32.85 }, undefined])
  })
})
