/**
 * The smallest codec level that fits a rung, so hardware encoders (which often default to a
 * high level or refuse "auto") signal what players need. Numeric level_idc values are used
 * because every ffmpeg encoder's `-level` accepts them, old builds included.
 */

interface H264Level {
  idc: number
  /** Max frame size in macroblocks. */
  maxFs: number
  /** Max macroblocks per second. */
  maxMbps: number
  /** Max video bitrate in kbit/s for Baseline/Main; High allows 1.25× this. */
  maxBrKbps: number
}

/** ITU-T H.264 Table A-1. */
const H264_LEVELS: readonly H264Level[] = [
  { idc: 10, maxFs: 99, maxMbps: 1485, maxBrKbps: 64 },
  { idc: 11, maxFs: 396, maxMbps: 3000, maxBrKbps: 192 },
  { idc: 12, maxFs: 396, maxMbps: 6000, maxBrKbps: 384 },
  { idc: 13, maxFs: 396, maxMbps: 11880, maxBrKbps: 768 },
  { idc: 20, maxFs: 396, maxMbps: 11880, maxBrKbps: 2000 },
  { idc: 21, maxFs: 792, maxMbps: 19800, maxBrKbps: 4000 },
  { idc: 22, maxFs: 1620, maxMbps: 20250, maxBrKbps: 4000 },
  { idc: 30, maxFs: 1620, maxMbps: 40500, maxBrKbps: 10000 },
  { idc: 31, maxFs: 3600, maxMbps: 108000, maxBrKbps: 14000 },
  { idc: 32, maxFs: 5120, maxMbps: 216000, maxBrKbps: 20000 },
  { idc: 40, maxFs: 8192, maxMbps: 245760, maxBrKbps: 20000 },
  { idc: 41, maxFs: 8192, maxMbps: 245760, maxBrKbps: 50000 },
  { idc: 42, maxFs: 8704, maxMbps: 522240, maxBrKbps: 50000 },
  { idc: 50, maxFs: 22080, maxMbps: 589824, maxBrKbps: 135000 },
  { idc: 51, maxFs: 36864, maxMbps: 983040, maxBrKbps: 240000 },
  { idc: 52, maxFs: 36864, maxMbps: 2073600, maxBrKbps: 240000 },
  { idc: 60, maxFs: 139264, maxMbps: 4177920, maxBrKbps: 240000 },
  { idc: 61, maxFs: 139264, maxMbps: 8355840, maxBrKbps: 480000 },
  { idc: 62, maxFs: 139264, maxMbps: 16711680, maxBrKbps: 800000 }
]

const HIGH_PROFILE_BITRATE_FACTOR = 1.25

export interface LevelInput {
  width: number
  height: number
  frameRate: number
  /** Peak bitrate the rung may reach, kbit/s. */
  maxrateKbps: number
}

/** level_idc for H.264 High profile, e.g. 31 for 720p30, 40 for 1080p30. */
export function h264LevelIdc(input: LevelInput): number {
  const frameMbs = Math.ceil(input.width / 16) * Math.ceil(input.height / 16)
  const mbps = frameMbs * input.frameRate
  const fits = H264_LEVELS.find(
    (l) => frameMbs <= l.maxFs && mbps <= l.maxMbps && input.maxrateKbps <= l.maxBrKbps * HIGH_PROFILE_BITRATE_FACTOR
  )
  return (fits ?? H264_LEVELS[H264_LEVELS.length - 1]!).idc
}

interface HevcLevel {
  /** general_level_idc = 30 × the level number. */
  idc: number
  maxLumaPs: number
  maxLumaSr: number
  /** Main tier max bitrate, kbit/s. */
  maxBrKbps: number
}

/** ITU-T H.265 Table A.8 (Main tier). */
const HEVC_LEVELS: readonly HevcLevel[] = [
  { idc: 30, maxLumaPs: 36864, maxLumaSr: 552960, maxBrKbps: 128 },
  { idc: 60, maxLumaPs: 122880, maxLumaSr: 3686400, maxBrKbps: 1500 },
  { idc: 63, maxLumaPs: 245760, maxLumaSr: 7372800, maxBrKbps: 3000 },
  { idc: 90, maxLumaPs: 552960, maxLumaSr: 16588800, maxBrKbps: 6000 },
  { idc: 93, maxLumaPs: 983040, maxLumaSr: 33177600, maxBrKbps: 10000 },
  { idc: 120, maxLumaPs: 2228224, maxLumaSr: 66846720, maxBrKbps: 12000 },
  { idc: 123, maxLumaPs: 2228224, maxLumaSr: 133693440, maxBrKbps: 20000 },
  { idc: 150, maxLumaPs: 8912896, maxLumaSr: 267386880, maxBrKbps: 25000 },
  { idc: 153, maxLumaPs: 8912896, maxLumaSr: 534773760, maxBrKbps: 40000 },
  { idc: 156, maxLumaPs: 8912896, maxLumaSr: 1069547520, maxBrKbps: 60000 },
  { idc: 180, maxLumaPs: 35651584, maxLumaSr: 1069547520, maxBrKbps: 60000 },
  { idc: 183, maxLumaPs: 35651584, maxLumaSr: 2139095040, maxBrKbps: 120000 },
  { idc: 186, maxLumaPs: 35651584, maxLumaSr: 4278190080, maxBrKbps: 240000 }
]

/** general_level_idc for HEVC Main tier, e.g. 93 (level 3.1) for 720p30, 120 (level 4) for 1080p30. */
export function hevcLevelIdc(input: LevelInput): number {
  const lumaPs = input.width * input.height
  const lumaSr = lumaPs * input.frameRate
  const fits = HEVC_LEVELS.find((l) => lumaPs <= l.maxLumaPs && lumaSr <= l.maxLumaSr && input.maxrateKbps <= l.maxBrKbps)
  return (fits ?? HEVC_LEVELS[HEVC_LEVELS.length - 1]!).idc
}
