import type { EncodePlan, VideoRung } from '@shared/plan'
import { LIBX264_SETUP, NO_B_FRAMES, type VideoEncoderSetup } from '../encode-args'
import { h264LevelIdc, hevcLevelIdc } from './levels'

export type VideoCodecFamily = 'h264' | 'hevc'

/** A hardware encoder the studio knows how to drive, and how much `auto` prefers it. */
export interface HardwareEncoderSpec extends VideoEncoderSetup {
  codec: VideoCodecFamily
  /** Who makes the silicon, for people reading the report. */
  vendor: string
  /**
   * Order of preference for `auto` (lower first); undefined means `auto` never picks it.
   * HEVC is never automatic: browsers outside Safari cannot play it through MSE.
   */
  autoRank?: number
  /** Why `auto` skips it even when it works, shown in the report. */
  autoNote?: string
}

/** The first DRM render node: the GPU that VAAPI and QSV open on Linux. */
export const VAAPI_DEVICE = '/dev/dri/renderD128'

function gopFrames(plan: EncodePlan): number {
  return Math.max(1, Math.round(plan.keyframeSeconds * (plan.video?.frameRate ?? 30)))
}

/** Capped VBR, the same numbers libx264 gets. */
function rateArgs(rung: VideoRung): string[] {
  return ['-b:v', `${rung.videoBitrateKbps}k`, '-maxrate', `${rung.maxrateKbps}k`, '-bufsize', `${rung.bufsizeKbps}k`]
}

/**
 * A fixed GOP plus forced keyframes at every keyframe interval: the same frames become IDRs
 * in every rung, so segments start with an IDR and their boundaries line up. No B-frames, for
 * the same reason as libx264 (see NO_B_FRAMES).
 */
function keyframeArgs(plan: EncodePlan): string[] {
  return [...NO_B_FRAMES, '-g', String(gopFrames(plan)), '-force_key_frames', `expr:gte(t,n_forced*${plan.keyframeSeconds})`]
}

function levelInput(rung: VideoRung, plan: EncodePlan) {
  return { width: rung.width, height: rung.height, frameRate: plan.video?.frameRate ?? 30, maxrateKbps: rung.maxrateKbps }
}

function h264Level(rung: VideoRung, plan: EncodePlan): string {
  return String(h264LevelIdc(levelInput(rung, plan)))
}

const nvencH264: HardwareEncoderSpec = {
  encoder: 'h264_nvenc',
  codec: 'h264',
  vendor: 'NVIDIA NVENC',
  autoRank: 1,
  deviceArgs: [],
  uploadFilters: [],
  rungArgs: (rung, plan) => [
    '-c:v', 'h264_nvenc', '-preset', 'medium', '-rc', 'vbr', ...rateArgs(rung),
    '-profile:v', 'high', '-level:v', h264Level(rung, plan), '-pix_fmt', 'yuv420p',
    ...keyframeArgs(plan), '-forced-idr', '1', '-no-scenecut', '1'
  ]
}

const nvencHevc: HardwareEncoderSpec = {
  encoder: 'hevc_nvenc',
  codec: 'hevc',
  vendor: 'NVIDIA NVENC',
  autoNote: 'HEVC is only used when asked for by name: most browsers cannot play it.',
  deviceArgs: [],
  uploadFilters: [],
  rungArgs: (rung, plan) => [
    '-c:v', 'hevc_nvenc', '-preset', 'medium', '-rc', 'vbr', ...rateArgs(rung),
    '-profile:v', 'main', '-level:v', String(hevcLevelIdc(levelInput(rung, plan))), '-pix_fmt', 'yuv420p',
    // Apple players want the hvc1 sample entry (parameter sets out of band) in fMP4.
    '-tag:v', 'hvc1',
    ...keyframeArgs(plan), '-forced-idr', '1', '-no-scenecut', '1'
  ]
}

const qsvH264: HardwareEncoderSpec = {
  encoder: 'h264_qsv',
  codec: 'h264',
  vendor: 'Intel Quick Sync',
  autoRank: 2,
  deviceArgs: ['-init_hw_device', 'qsv=hw', '-filter_hw_device', 'hw'],
  uploadFilters: ['format=nv12', 'hwupload=extra_hw_frames=64', 'format=qsv'],
  rungArgs: (rung, plan) => [
    '-c:v', 'h264_qsv', '-preset', 'medium', ...rateArgs(rung),
    '-profile:v', 'high', '-level', h264Level(rung, plan),
    ...keyframeArgs(plan), '-forced_idr', '1', '-look_ahead', '0'
  ]
}

const vaapiH264: HardwareEncoderSpec = {
  encoder: 'h264_vaapi',
  codec: 'h264',
  vendor: 'VAAPI (Intel/AMD on Linux)',
  autoRank: 3,
  deviceArgs: ['-vaapi_device', VAAPI_DEVICE],
  uploadFilters: ['format=nv12', 'hwupload'],
  // VAAPI picks VBR by itself when maxrate exceeds the bitrate (rc_mode does not exist before
  // ffmpeg 4.2); with idr_interval at its default every GOP starts with an IDR.
  rungArgs: (rung, plan) => [
    '-c:v', 'h264_vaapi', ...rateArgs(rung), '-profile:v', 'high', '-level', h264Level(rung, plan), ...keyframeArgs(plan)
  ]
}

const videoToolboxH264: HardwareEncoderSpec = {
  encoder: 'h264_videotoolbox',
  codec: 'h264',
  vendor: 'Apple VideoToolbox',
  autoRank: 1,
  deviceArgs: [],
  uploadFilters: [],
  // allow_sw 0: without it VideoToolbox silently falls back to Apple's software encoder.
  rungArgs: (rung, plan) => [
    '-c:v', 'h264_videotoolbox', '-allow_sw', '0', '-realtime', '0', ...rateArgs(rung),
    '-profile:v', 'high', '-level', h264Level(rung, plan), '-pix_fmt', 'yuv420p', ...keyframeArgs(plan)
  ]
}

const amfH264: HardwareEncoderSpec = {
  encoder: 'h264_amf',
  codec: 'h264',
  vendor: 'AMD AMF',
  autoRank: 1,
  deviceArgs: [],
  uploadFilters: [],
  rungArgs: (rung, plan) => [
    '-c:v', 'h264_amf', '-usage', 'transcoding', '-quality', 'balanced', '-rc', 'vbr_peak', ...rateArgs(rung),
    '-enforce_hrd', '1', '-profile:v', 'high', '-level', h264Level(rung, plan), '-pix_fmt', 'yuv420p', ...keyframeArgs(plan)
  ]
}

/** H.264 profile_idc 100 (High): the V4L2 wrapper only takes the generic numeric profile. */
const H264_HIGH_PROFILE_IDC = '100'

const v4l2m2mH264: HardwareEncoderSpec = {
  encoder: 'h264_v4l2m2m',
  codec: 'h264',
  vendor: 'V4L2 memory-to-memory (e.g. Raspberry Pi)',
  autoNote: 'Only used when asked for by name: the V4L2 wrapper cannot cap peaks (no maxrate/bufsize).',
  deviceArgs: [],
  uploadFilters: [],
  rungArgs: (rung, plan) => [
    '-c:v', 'h264_v4l2m2m', '-b:v', `${rung.videoBitrateKbps}k`, '-profile:v', H264_HIGH_PROFILE_IDC,
    '-pix_fmt', 'yuv420p', ...keyframeArgs(plan)
  ]
}

/**
 * The hardware encoders the studio can drive, in the order the report lists them. The V4L2
 * one is proven and reported like the rest, because ffmpeg lists it on every Linux build.
 */
export const HARDWARE_ENCODERS: readonly HardwareEncoderSpec[] = [
  nvencH264,
  nvencHevc,
  qsvH264,
  vaapiH264,
  videoToolboxH264,
  amfH264,
  v4l2m2mH264
]

export function hardwareEncoderSpec(name: string): HardwareEncoderSpec | undefined {
  return HARDWARE_ENCODERS.find((spec) => spec.encoder === name)
}

export function isKnownVideoEncoder(name: string): boolean {
  return name === LIBX264_SETUP.encoder || hardwareEncoderSpec(name) !== undefined
}

/** The setup for an encoder name: a hardware spec, or libx264 for anything else. */
export function videoEncoderSetup(name: string): VideoEncoderSetup {
  return hardwareEncoderSpec(name) ?? LIBX264_SETUP
}

export function codecFamilyOf(encoder: string): VideoCodecFamily {
  return hardwareEncoderSpec(encoder)?.codec ?? 'h264'
}
