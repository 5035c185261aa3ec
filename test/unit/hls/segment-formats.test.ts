/**
 * One record per segment format decides every place a format matters: the muxer arguments,
 * the package's file kinds and the Content-Type objects get. Each format is checked through
 * the code that consumes its record, so a format added to SEGMENT_FORMATS is covered here too.
 */
import { describe, expect, it } from 'vitest'
import { SEGMENT_FORMAT_SPECS, SEGMENT_FORMATS, formatCarryingHevc } from '@shared/segment-formats'
import { resolveEncodeSettings } from '@shared/settings'
import { classifyPackageFile } from '../../../src/main/engine/hls/package-files'
import { hlsOutputArgs } from '../../../src/main/engine/media/encode-args'
import { planEncode } from '../../../src/main/engine/media/ladder'
import { contentTypeFor } from '../../../src/main/engine/storage/content-headers'
import { sourceInfo } from '../../helpers/media-info-fixture'

const valueAfter = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1]

describe('segment formats', () => {
  for (const format of SEGMENT_FORMATS) {
    const spec = SEGMENT_FORMAT_SPECS[format]
    it(`${format}: the muxer, the package file kinds and the storage headers follow its record`, () => {
      const plan = planEncode(sourceInfo(), resolveEncodeSettings({ segmentFormat: format, ladder: [240] }), { canToneMap: true, encoder: 'libx264' })
      expect(plan.segmentFormat).toBe(format)
      const args = hlsOutputArgs(plan, 'v0')
      expect(valueAfter(args, '-hls_segment_type')).toBe(spec.muxerSegmentType)
      expect(valueAfter(args, '-hls_segment_filename')).toBe(`v0/seg_%05d.${spec.extension}`)
      expect(args.includes('-hls_fmp4_init_filename')).toBe(Boolean(spec.initName))
      if (spec.initName) {
        expect(valueAfter(args, '-hls_fmp4_init_filename')).toBe(spec.initName)
        expect(classifyPackageFile(`v0/${spec.initName}`)).toBe('init')
      }
      expect(classifyPackageFile(`v0/seg_00001.${spec.extension}`)).toBe('segment')
      expect(contentTypeFor(`v0/seg_00001.${spec.extension}`)).toBe(spec.contentType)
    })
  }

  it('puts HEVC in a format that carries it, and says so', () => {
    expect(SEGMENT_FORMAT_SPECS[formatCarryingHevc('ts')].carriesHevc).toBe(true)
    expect(formatCarryingHevc('fmp4')).toBe('fmp4')
    const plan = planEncode(sourceInfo(), resolveEncodeSettings({ segmentFormat: 'ts', ladder: [240] }), { canToneMap: true, encoder: 'hevc_nvenc', encoderCodec: 'hevc' })
    expect(plan.segmentFormat).toBe('fmp4')
    expect(plan.warnings.join(' ')).toMatch(/HLS carries in fMP4 only: segments are fMP4, not TS/)
  })
})
