import { describe, expect, it } from 'vitest'
import { LIBX264_SETUP } from '../../../src/main/engine/media/encode-args'
import { buildProofArgs, proofFailureReason } from '../../../src/main/engine/media/hardware/encoder-proof'
import { chooseAutoEncoder, type EncoderStatus } from '../../../src/main/engine/media/hardware/encoder-report'
import { hardwareEncoderSpec } from '../../../src/main/engine/media/hardware/video-encoders'

/** Tails of real `-v verbose` test encodes on this machine (no GPU). */
const TRANSCRIPTS = {
  nvencNoDriver: [
    '  Stream #0:0 -> #0:0 (rawvideo (native) -> h264 (h264_nvenc))',
    '[graph 0 input from stream 0:0 @ 0x55c1c96d7ec0] w:1280 h:720 pixfmt:yuv420p tb:1/30 fr:30/1 sar:1/1',
    '[h264_nvenc @ 0x55c1c96b9180] Cannot load libcuda.so.1',
    '[h264_nvenc @ 0x55c1c96b9180] Nvenc unloaded',
    'Error initializing output stream 0:0 -- Error while opening encoder for output stream #0:0 - maybe incorrect parameters such as bit_rate, rate, width or height',
    'Conversion failed!'
  ],
  vaapiNoGpu: [
    '[AVHWDeviceContext @ 0x55b41188aa40] Failed to open /dev/dri/renderD128 as DRM device node.',
    '[AVHWDeviceContext @ 0x55b41188aa40] Cannot open X11 display /dev/dri/renderD128.',
    '[AVHWDeviceContext @ 0x55b41188aa40] No VA display found for device /dev/dri/renderD128.',
    'Device creation failed: -22.',
    "Failed to set value '/dev/dri/renderD128' for option 'vaapi_device': Invalid argument",
    'Error parsing global options: Invalid argument'
  ],
  qsvNoGpu2018: [
    'Device creation failed: -12.',
    "Failed to set value 'qsv=hw' for option 'init_hw_device': Cannot allocate memory",
    'Error parsing global options: Cannot allocate memory'
  ],
  v4l2NoDevice: [
    '[graph 0 input from stream 0:0 @ 0x346efac0] w:1280 h:720 pixfmt:yuv420p tb:1/30 fr:30/1 sar:1/1 sws_param:flags=2',
    '[h264_v4l2m2m @ 0x346ec580] Could not find a valid device',
    "[h264_v4l2m2m @ 0x346ec580] can't configure encoder",
    'Error initializing output stream 0:0 -- Error while opening encoder for output stream #0:0 - maybe incorrect parameters such as bit_rate, rate, width or height',
    'Conversion failed!'
  ],
  amfNotBuiltIn: ["Unknown encoder 'h264_amf'"],
  optionTooNew: ["Unrecognized option 'forced_idr'.", 'Error splitting the argument list: Option not found']
}

describe('why a test encode failed, in ffmpeg’s words', () => {
  it('takes the encoder’s or the device’s first complaint, skipping generic lines', () => {
    expect(proofFailureReason('h264_nvenc', TRANSCRIPTS.nvencNoDriver)).toBe('Cannot load libcuda.so.1')
    expect(proofFailureReason('h264_vaapi', TRANSCRIPTS.vaapiNoGpu)).toBe('Failed to open /dev/dri/renderD128 as DRM device node.')
    expect(proofFailureReason('h264_v4l2m2m', TRANSCRIPTS.v4l2NoDevice)).toBe('Could not find a valid device')
  })

  it('falls back to the top-level complaint when no component said more', () => {
    expect(proofFailureReason('h264_qsv', TRANSCRIPTS.qsvNoGpu2018)).toBe(
      "Failed to set value 'qsv=hw' for option 'init_hw_device': Cannot allocate memory"
    )
    expect(proofFailureReason('h264_amf', TRANSCRIPTS.amfNotBuiltIn)).toBe("Unknown encoder 'h264_amf'")
    expect(proofFailureReason('h264_qsv', TRANSCRIPTS.optionTooNew)).toBe("Unrecognized option 'forced_idr'.")
    expect(proofFailureReason('h264_qsv', [])).toBe('the test encode failed without a message')
  })
})

describe('the test encode', () => {
  it('encodes 10 frames of 1280x720 through the job’s own arguments, device set-up first', () => {
    const vaapi = buildProofArgs(hardwareEncoderSpec('h264_vaapi')!)
    expect(vaapi.slice(0, 6)).toEqual(['-hide_banner', '-nostdin', '-v', 'verbose', '-vaapi_device', '/dev/dri/renderD128'])
    expect(vaapi.slice(vaapi.indexOf('-i') + 1, vaapi.indexOf('-i') + 2)).toEqual(['testsrc2=size=1280x720:rate=30:duration=1'])
    expect(vaapi[vaapi.indexOf('-frames:v') + 1]).toBe('10')
    expect(vaapi[vaapi.indexOf('-vf') + 1]).toBe('format=yuv420p,format=nv12,hwupload')
    expect(vaapi.slice(-3)).toEqual(['-f', 'null', '-'])
    expect(vaapi[vaapi.indexOf('-b:v') + 1]).toBe('2800k')
    const x264 = buildProofArgs(LIBX264_SETUP)
    expect(x264[x264.indexOf('-c:v') + 1]).toBe('libx264')
  })
})

function status(name: string, usable: boolean, kind: 'software' | 'hardware' = 'hardware', autoEligible = true): EncoderStatus {
  return { name, kind, codec: 'h264', vendor: '', usable, autoEligible, proofMs: 1 }
}

describe('auto', () => {
  it('prefers a proven hardware encoder by rank, else libx264', () => {
    expect(chooseAutoEncoder([status('libx264', true, 'software'), status('h264_vaapi', true), status('h264_nvenc', true)])).toBe('h264_nvenc')
    expect(chooseAutoEncoder([status('libx264', true, 'software'), status('h264_vaapi', true), status('h264_qsv', true)])).toBe('h264_qsv')
    expect(chooseAutoEncoder([status('libx264', true, 'software'), status('h264_nvenc', false)])).toBe('libx264')
    expect(chooseAutoEncoder([status('libx264', true, 'software'), status('h264_v4l2m2m', true, 'hardware', false)])).toBe('libx264')
    expect(chooseAutoEncoder([status('libx264', false, 'software')])).toBeUndefined()
  })
})
