import { describe, expect, it } from 'vitest'
import { resolveEncodeSettings } from '@shared/settings'
import { buildVideoEncodeCommand, LIBX264_SETUP } from '../../../src/main/engine/media/encode-args'
import { h264LevelIdc, hevcLevelIdc } from '../../../src/main/engine/media/hardware/levels'
import { HARDWARE_ENCODERS, hardwareEncoderSpec, videoEncoderSetup } from '../../../src/main/engine/media/hardware/video-encoders'
import { planEncode } from '../../../src/main/engine/media/ladder'
import { sourceInfo } from '../../helpers/media-info-fixture'

const info = sourceInfo()

const plan = planEncode(info, resolveEncodeSettings({ ladder: [1080, 720] }), { canToneMap: true, encoder: 'h264_nvenc' })
const [top, second] = plan.video!.rungs

function valueOf(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag)
  return at >= 0 ? args[at + 1] : undefined
}

describe('hardware encoder argument mapping', () => {
  it('gives every encoder capped VBR, a fixed GOP and forced keyframes at the keyframe interval', () => {
    for (const spec of HARDWARE_ENCODERS) {
      const args = spec.rungArgs(top!, plan)
      expect(valueOf(args, '-c:v')).toBe(spec.encoder)
      expect(valueOf(args, '-b:v')).toBe('5000k')
      expect(valueOf(args, '-g')).toBe('60')
      expect(valueOf(args, '-force_key_frames')).toBe('expr:gte(t,n_forced*2)')
      // V4L2's wrapper has no VBV: the one encoder without a cap, and auto never picks it.
      if (spec.encoder === 'h264_v4l2m2m') {
        expect(args).not.toContain('-maxrate')
        expect(spec.autoRank).toBeUndefined()
      } else {
        expect([valueOf(args, '-maxrate'), valueOf(args, '-bufsize')]).toEqual(['5350k', '7500k'])
      }
    }
  })

  it('NVENC: VBR rate control, IDR on forced keyframes, no scene cuts, High profile at the rung level', () => {
    const args = hardwareEncoderSpec('h264_nvenc')!.rungArgs(second!, plan)
    expect(args).toEqual([
      '-c:v', 'h264_nvenc', '-preset', 'medium', '-rc', 'vbr',
      '-b:v', '2800k', '-maxrate', '2996k', '-bufsize', '4200k',
      '-profile:v', 'high', '-level:v', '31', '-pix_fmt', 'yuv420p',
      '-bf', '0', '-g', '60', '-force_key_frames', 'expr:gte(t,n_forced*2)', '-forced-idr', '1', '-no-scenecut', '1'
    ])
  })

  it('HEVC NVENC: Main profile, HEVC level numbering and the hvc1 tag Apple wants', () => {
    const args = hardwareEncoderSpec('hevc_nvenc')!.rungArgs(top!, plan)
    expect([valueOf(args, '-profile:v'), valueOf(args, '-level:v'), valueOf(args, '-tag:v')]).toEqual(['main', '120', 'hvc1'])
    expect(hardwareEncoderSpec('hevc_nvenc')!.autoRank).toBeUndefined()
  })

  it('QSV and VAAPI: open their device before the input and upload each scaled rung', () => {
    const qsv = hardwareEncoderSpec('h264_qsv')!
    expect(qsv.deviceArgs).toEqual(['-init_hw_device', 'qsv=hw', '-filter_hw_device', 'hw'])
    expect(qsv.uploadFilters).toEqual(['format=nv12', 'hwupload=extra_hw_frames=64', 'format=qsv'])
    expect(valueOf(qsv.rungArgs(top!, plan), '-forced_idr')).toBe('1')

    const vaapi = hardwareEncoderSpec('h264_vaapi')!
    const command = buildVideoEncodeCommand({ plan, info, inputPath: '/in/clip.mov' }, vaapi)
    const input = command.args.indexOf('-format_whitelist')
    expect(command.args.slice(input - 2, input)).toEqual(['-vaapi_device', '/dev/dri/renderD128'])
    expect(valueOf(command.args, '-filter_complex')).toBe(
      "[0:0]scale=w='if(eq(iw,1920)*eq(ih,1080),1920,min(1920,trunc(1080*iw/ih/2)*2))':h='if(eq(iw,1920)*eq(ih,1080),1080,min(1080,trunc(1920*ih/iw/2)*2))',pad=1920:1080:(ow-iw)/2:(oh-ih)/2,split=2[sv0][sv1];" +
        '[sv0]scale=1920:1080:flags=bicubic,setsar=1,format=nv12,hwupload[v0];' +
        '[sv1]scale=1280:720:flags=bicubic,setsar=1,format=nv12,hwupload[v1]'
    )
    expect(command.args.filter((a) => a === 'h264_vaapi')).toHaveLength(2)
    expect(valueOf(command.args, '-level')).toBe('40')
  })

  it('VideoToolbox refuses the software fallback; AMF uses peak-constrained VBR with HRD', () => {
    const vt = hardwareEncoderSpec('h264_videotoolbox')!.rungArgs(top!, plan)
    expect([valueOf(vt, '-allow_sw'), valueOf(vt, '-realtime'), valueOf(vt, '-profile:v'), valueOf(vt, '-level')]).toEqual(['0', '0', 'high', '40'])
    const amf = hardwareEncoderSpec('h264_amf')!.rungArgs(top!, plan)
    expect([valueOf(amf, '-usage'), valueOf(amf, '-rc'), valueOf(amf, '-enforce_hrd'), valueOf(amf, '-level')]).toEqual(['transcoding', 'vbr_peak', '1', '40'])
  })

  it('keeps libx264 exactly as before, with its keyframe rules, and uses it for any other name', () => {
    const args = LIBX264_SETUP.rungArgs(top!, plan)
    expect(valueOf(args, '-c:v')).toBe('libx264')
    expect([valueOf(args, '-sc_threshold'), valueOf(args, '-keyint_min')]).toEqual(['0', '60'])
    expect(videoEncoderSetup('libx264')).toBe(LIBX264_SETUP)
    expect(videoEncoderSetup('something_else')).toBe(LIBX264_SETUP)
  })
})

describe('codec levels', () => {
  it('picks the smallest H.264 level that fits size, frame rate and peak bitrate', () => {
    expect(h264LevelIdc({ width: 640, height: 360, frameRate: 30, maxrateKbps: 856 })).toBe(30)
    expect(h264LevelIdc({ width: 1280, height: 720, frameRate: 30, maxrateKbps: 2996 })).toBe(31)
    expect(h264LevelIdc({ width: 1280, height: 720, frameRate: 60, maxrateKbps: 2996 })).toBe(32)
    expect(h264LevelIdc({ width: 1920, height: 1080, frameRate: 30, maxrateKbps: 5350 })).toBe(40)
    expect(h264LevelIdc({ width: 1920, height: 1080, frameRate: 60, maxrateKbps: 5350 })).toBe(42)
    expect(h264LevelIdc({ width: 3840, height: 2160, frameRate: 30, maxrateKbps: 14980 })).toBe(51)
  })

  it('picks HEVC Main tier levels as 30 × the level number', () => {
    expect(hevcLevelIdc({ width: 1280, height: 720, frameRate: 30, maxrateKbps: 2996 })).toBe(93)
    expect(hevcLevelIdc({ width: 1920, height: 1080, frameRate: 30, maxrateKbps: 5350 })).toBe(120)
    expect(hevcLevelIdc({ width: 3840, height: 2160, frameRate: 60, maxrateKbps: 14980 })).toBe(153)
  })
})

describe('HEVC planning', () => {
  it('moves an HEVC encode to fMP4 segments and says so', () => {
    const hevc = planEncode(info, resolveEncodeSettings({ ladder: [720] }), { canToneMap: true, encoder: 'hevc_nvenc', encoderCodec: 'hevc' })
    expect(hevc.segmentFormat).toBe('fmp4')
    expect(hevc.warnings).toEqual(['hevc_nvenc writes HEVC, which HLS carries in fMP4 only: segments are fMP4, not TS.'])
  })
})
