import { StudioError } from '@shared/errors'
import type { MediaInfo, VideoStreamInfo } from '@shared/media'
import type { AudioRung, AudioTrackPlan, EncodePlan, SourceTreatment, ToneMapMode, VideoPlan, VideoRung } from '@shared/plan'
import type { EncodeSettings } from '@shared/settings'
import { planTracks } from './track-plan'

/** Target video bitrates (kbit/s) by short side, from the product brief. */
const BITRATE_BY_HEIGHT: ReadonlyArray<readonly [number, number]> = [
  [360, 800],
  [480, 1400],
  [720, 2800],
  [1080, 5000],
  [1440, 8000],
  [2160, 14000]
]
/** Capped VBR: peaks may reach 1.07× the average, through a 1.5× buffer. */
export const MAXRATE_FACTOR = 1.07
export const BUFSIZE_FACTOR = 1.5
export const AUDIO_LADDER_KBPS = [192, 128, 96] as const
export const VIDEO_AUDIO_KBPS = 128
export const AUDIO_SAMPLE_RATE = 48_000
/** Above this the output frame rate is halved: 120 → 60, 119.88 → 59.94. */
const MAX_FRAME_RATE = 60.5
const TARGET_KEYFRAME_SECONDS = 2

/** Bitrate for any short side: the brief's table, interpolated on log scale between its points. */
export function bitrateForHeight(height: number): number {
  const table = BITRATE_BY_HEIGHT
  const first = table[0]!
  const last = table[table.length - 1]!
  if (height <= first[0]) return Math.max(100, Math.round((first[1] * (height / first[0]) ** 2) / 10) * 10)
  if (height >= last[0]) return Math.round((last[1] * (height / last[0]) ** 1.5) / 10) * 10
  for (let i = 1; i < table.length; i++) {
    const [h1, b1] = table[i]!
    const [h0, b0] = table[i - 1]!
    if (height === h1) return b1
    if (height < h1) {
      const t = Math.log(height / h0) / Math.log(h1 / h0)
      return Math.round(Math.exp(Math.log(b0) + t * Math.log(b1 / b0)) / 10) * 10
    }
  }
  return last[1]
}

/** Keyframes about every 2 s that also fall exactly on every segment boundary. */
export function keyframeSecondsFor(segmentSeconds: number): number {
  const perSegment = Math.max(1, Math.round(segmentSeconds / TARGET_KEYFRAME_SECONDS))
  return segmentSeconds / perSegment
}

function even(value: number): number {
  return Math.max(2, 2 * Math.round(value / 2))
}

/** Picture size for a rung whose short side is `shortSide`, keeping the display aspect. */
export function rungSize(video: Pick<VideoStreamInfo, 'displayWidth' | 'displayHeight'>, shortSide: number) {
  const { displayWidth: w, displayHeight: h } = video
  const landscape = w >= h
  const short = landscape ? h : w
  const scale = shortSide / short
  const width = landscape ? even(w * scale) : even(shortSide)
  const height = landscape ? even(shortSide) : even(h * scale)
  return { width, height }
}

function makeRung(index: number, shortSide: number, video: VideoStreamInfo): VideoRung {
  const { width, height } = rungSize(video, shortSide)
  const kbps = bitrateForHeight(Math.min(width, height))
  return {
    id: `v${index}`,
    label: `${Math.min(width, height)}p`,
    width,
    height,
    videoBitrateKbps: kbps,
    maxrateKbps: Math.round(kbps * MAXRATE_FACTOR),
    bufsizeKbps: Math.round(kbps * BUFSIZE_FACTOR)
  }
}

/** Never upscale: rungs above the source go; a source below every rung gets one rung at its own size. */
export function planVideoRungs(video: VideoStreamInfo, ladder: readonly number[]): VideoRung[] {
  const sourceShort = Math.min(video.displayWidth, video.displayHeight)
  const heights = [...ladder].sort((a, b) => b - a).filter((h) => h <= sourceShort)
  const chosen = heights.length > 0 ? heights : [Math.floor(sourceShort / 2) * 2]
  return chosen.map((h, i) => makeRung(i, h, video))
}

function toneMapFor(video: VideoStreamInfo, canToneMap: boolean, warnings: string[]): ToneMapMode {
  if (video.hdr) {
    if (canToneMap) return 'tonemap'
    warnings.push(
      'HDR source converted to SDR without tone mapping (this ffmpeg lacks the zscale/tonemap filters): colours may look washed out.'
    )
    return 'convert'
  }
  return video.bitDepth > 8 || video.pixelFormat !== 'yuv420p' ? 'convert' : 'none'
}

function planVideo(video: VideoStreamInfo, settings: EncodeSettings, ctx: PlanContext, warnings: string[]): VideoPlan {
  const sourceRate = video.avgFrameRate || video.rFrameRate || 30
  const halveFrameRate = sourceRate > MAX_FRAME_RATE
  return {
    rungs: planVideoRungs(video, settings.ladder),
    encoder: ctx.encoder,
    preset: settings.preset,
    frameRate: halveFrameRate ? sourceRate / 2 : sourceRate,
    halveFrameRate,
    toneMap: toneMapFor(video, ctx.canToneMap, warnings)
  }
}

export function planAudioRungs(): AudioRung[] {
  return AUDIO_LADDER_KBPS.map((kbps, i) => ({ id: `a${i}`, label: `${kbps}k`, bitrateKbps: kbps }))
}

export interface PlanContext {
  /** Whether the binary has zscale and tonemap. */
  canToneMap: boolean
  /** The video encoder this job will use, already resolved from `auto`. */
  encoder: string
  /** What the encoder writes; HEVC needs fMP4 segments. Default h264. */
  encoderCodec?: 'h264' | 'hevc'
}

/** Pure: MediaInfo plus settings in, the whole encode plan out. */
export function planEncode(info: MediaInfo, settings: EncodeSettings, ctx: PlanContext): EncodePlan {
  const name = info.path.split(/[\\/]/).pop() ?? info.path
  const kind = settings.type === 'auto' ? (info.video ? 'video' : 'audio') : settings.type
  if (kind === 'video' && !info.video) {
    throw new StudioError('INVALID_INPUT', `This file has no video stream, so it cannot be encoded as video (${name}). Use type audio.`)
  }
  if (kind === 'audio' && !info.audio) {
    throw new StudioError('INVALID_INPUT', `This file has no audio stream, so it cannot be encoded as audio (${name}).`)
  }
  const warnings: string[] = []
  const audio: AudioTrackPlan | undefined = info.audio
    ? { bitrateKbps: VIDEO_AUDIO_KBPS, channels: 2, sampleRate: AUDIO_SAMPLE_RATE }
    : undefined
  if (info.audio && info.audio.channels > 2) {
    warnings.push(`${info.audio.channels}-channel audio downmixed to stereo.`)
  }
  // Apple's HLS authoring rules allow HEVC only in fMP4 segments.
  const hevcInTs = kind === 'video' && ctx.encoderCodec === 'hevc' && settings.segmentFormat === 'ts'
  if (hevcInTs) warnings.push(`${ctx.encoder} writes HEVC, which HLS carries in fMP4 only: segments are fMP4, not TS.`)
  const base = {
    kind,
    segmentSeconds: settings.segmentSeconds,
    keyframeSeconds: keyframeSecondsFor(settings.segmentSeconds),
    segmentFormat: hevcInTs ? 'fmp4' : settings.segmentFormat,
    warnings,
    treatments: [] as SourceTreatment[]
  } as const
  if (kind === 'audio') {
    return { ...base, audio, audioRungs: planAudioRungs() }
  }
  const video = planVideo(info.video!, settings, ctx, warnings)
  const tracks = planTracks(info, settings.burnTrack, Boolean(audio))
  return { ...base, video, audio, audioRungs: [], ...tracks, treatments: [...base.treatments, ...tracks.treatments] }
}
