import { StudioError } from '@shared/errors'
import type { MediaInfo, VideoStreamInfo } from '@shared/media'
import type { AudioRung, AudioTrackPlan, EncodePlan, RungBox, SourceTreatment, VideoPlan, VideoRung } from '@shared/plan'
import type { EncodeSettings } from '@shared/settings'
import { planPicture, type PictureContext } from './picture-plan'
import { planTracks } from './track-plan'
import { formatCarryingHevc, segmentFormatSpec } from '@shared/segment-formats'

/**
 * Target video bitrates (kbit/s) of the 16:9 boxes, from the product brief. A rung's bitrate
 * follows its picture area: bits per pixel stay those of the box whose area is nearest.
 */
const BITRATE_BY_BOX_HEIGHT: ReadonlyArray<readonly [number, number]> = [
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
/**
 * A source that fits inside a box keeps its own size as the top rung when it has this many
 * more pixels than the next box down would give it. Below ~15% the extra rung costs a whole
 * encode for a picture a viewer cannot tell from the next rung (853x479 has 78% more pixels
 * than 640x360 and keeps its size; 660x370 has 6% more and simply becomes the 640x360 rung).
 */
export const OWN_SIZE_RUNG_MIN_GAIN = 1.15

/** The box of a `--ladder` height: 16:9 (854 wide at 480, the rounding everyone uses). */
export function boxForHeight(height: number): RungBox {
  return { width: even((height * 16) / 9), height }
}

/** Bitrate of a picture of the given area: the brief's table by box area, interpolated on log scale. */
export function bitrateForArea(pixels: number): number {
  const table = BITRATE_BY_BOX_HEIGHT.map(([h, kbps]) => {
    const box = boxForHeight(h)
    return [box.width * box.height, kbps] as const
  })
  const first = table[0]!
  const last = table[table.length - 1]!
  const round = (kbps: number): number => Math.max(100, Math.round(kbps / 10) * 10)
  if (pixels <= first[0]) return round(first[1] * (pixels / first[0]))
  if (pixels >= last[0]) return round(last[1] * (pixels / last[0]) ** 0.75)
  for (let i = 1; i < table.length; i++) {
    const [a1, b1] = table[i]!
    const [a0, b0] = table[i - 1]!
    if (pixels === a1) return b1
    if (pixels < a1) {
      const t = Math.log(pixels / a0) / Math.log(a1 / a0)
      return round(Math.exp(Math.log(b0) + t * Math.log(b1 / b0)))
    }
  }
  return last[1]
}

/** Bitrate of the 16:9 box of a `--ladder` height. */
export function bitrateForHeight(height: number): number {
  const box = boxForHeight(height)
  return bitrateForArea(box.width * box.height)
}

/** Keyframes about every 2 s that also fall exactly on every segment boundary. */
export function keyframeSecondsFor(segmentSeconds: number): number {
  const perSegment = Math.max(1, Math.round(segmentSeconds / TARGET_KEYFRAME_SECONDS))
  return segmentSeconds / perSegment
}

function even(value: number): number {
  return Math.max(2, 2 * Math.round(value / 2))
}

/** Rounds down to even: a source's own size never grows by a pixel (853x479 gives 852x478). */
function evenDown(value: number): number {
  return Math.max(2, 2 * Math.floor(value / 2 + 1e-9))
}

type DisplaySize = Pick<VideoStreamInfo, 'displayWidth' | 'displayHeight'>

/** The box turned to the picture's orientation: 1920x1080 becomes 1080x1920 for a portrait source. */
export function orientBox(box: RungBox, video: DisplaySize): RungBox {
  const portrait = video.displayHeight > video.displayWidth
  const long = Math.max(box.width, box.height)
  const short = Math.min(box.width, box.height)
  return portrait ? { width: short, height: long } : { width: long, height: short }
}

/** The display picture fitted inside `box`, aspect kept, never upscaled, even dimensions. */
export function fitInBox(video: DisplaySize, box: RungBox): { width: number; height: number } {
  const { displayWidth: w, displayHeight: h } = video
  const scale = Math.min(1, box.width / w, box.height / h)
  // Nearest even size, but never past the box nor past the source itself.
  const side = (source: number, limit: number): number => Math.min(evenDown(limit), evenDown(source), even(source * scale))
  return { width: side(w, box.width), height: side(h, box.height) }
}

function makeRung(index: number, box: RungBox, size: { width: number; height: number }): VideoRung {
  const kbps = bitrateForArea(size.width * size.height)
  return {
    id: `v${index}`,
    label: `${Math.min(size.width, size.height)}p`,
    box,
    width: size.width,
    height: size.height,
    videoBitrateKbps: kbps,
    maxrateKbps: Math.round(kbps * MAXRATE_FACTOR),
    bufsizeKbps: Math.round(kbps * BUFSIZE_FACTOR)
  }
}

function contains(box: RungBox, video: DisplaySize): boolean {
  return video.displayWidth <= box.width && video.displayHeight <= box.height
}

/**
 * One rung per ladder box the source overflows, each the picture fitted inside its box (boxes
 * are 16:9 at each `--ladder` height, turned for portrait). Boxes the source fits inside give
 * way to one rung at the source's own size, in the smallest of them, kept only when it is
 * clearly larger than the next box down (OWN_SIZE_RUNG_MIN_GAIN); a source below every box
 * gets that one rung alone.
 */
export function planVideoRungs(video: VideoStreamInfo, ladder: readonly number[]): VideoRung[] {
  const boxes = [...ladder].sort((a, b) => b - a).map((h) => orientBox(boxForHeight(h), video))
  const own = { width: evenDown(video.displayWidth), height: evenDown(video.displayHeight) }
  const picked: Array<{ box: RungBox; size: { width: number; height: number } }> = []
  let smallestContaining: RungBox | undefined
  for (const box of boxes) {
    if (contains(box, video)) {
      smallestContaining = box
      continue
    }
    const size = fitInBox(video, box)
    if (picked.length === 0 && smallestContaining && own.width * own.height >= size.width * size.height * OWN_SIZE_RUNG_MIN_GAIN) {
      picked.push({ box: smallestContaining, size: own })
    }
    picked.push({ box, size })
  }
  if (picked.length === 0) picked.push({ box: smallestContaining ?? own, size: own })
  return picked.map((p, i) => makeRung(i, p.box, p.size))
}

function planVideo(video: VideoStreamInfo, settings: EncodeSettings, ctx: PlanContext, warnings: string[], treatments: SourceTreatment[]): VideoPlan {
  const sourceRate = video.avgFrameRate || video.rFrameRate || 30
  const halveFrameRate = sourceRate > MAX_FRAME_RATE
  const frameRate = halveFrameRate ? sourceRate / 2 : sourceRate
  const picture = planPicture(video, ctx)
  warnings.push(...picture.warnings)
  treatments.push(...picture.treatments)
  if (halveFrameRate) treatments.push({ kind: 'frame-rate', text: `frame rate halved (${roundRate(sourceRate)} → ${roundRate(frameRate)} fps)` })
  return {
    rungs: planVideoRungs(video, settings.ladder),
    encoder: ctx.encoder,
    preset: settings.preset,
    frameRate,
    halveFrameRate,
    toneMap: picture.toneMap,
    hdrTransfer: picture.hdrTransfer,
    matrixFrom: picture.matrixFrom,
    deinterlace: picture.deinterlace,
    pictureSize: picture.pictureSize
  }
}

function roundRate(rate: number): string {
  return Number(rate.toFixed(3)).toString()
}

export function planAudioRungs(): AudioRung[] {
  return AUDIO_LADDER_KBPS.map((kbps, i) => ({ id: `a${i}`, label: `${kbps}k`, bitrateKbps: kbps }))
}

export interface PlanContext extends PictureContext {
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
  const treatments: SourceTreatment[] = []
  const audio: AudioTrackPlan | undefined = info.audio
    ? { bitrateKbps: VIDEO_AUDIO_KBPS, channels: 2, sampleRate: AUDIO_SAMPLE_RATE }
    : undefined
  if (info.audio && info.audio.channels > 2) {
    warnings.push(`${info.audio.channels}-channel audio downmixed to stereo.`)
  }
  // Apple's HLS authoring rules allow HEVC only in fMP4 segments.
  const segmentFormat = kind === 'video' && ctx.encoderCodec === 'hevc' ? formatCarryingHevc(settings.segmentFormat) : settings.segmentFormat
  if (segmentFormat !== settings.segmentFormat) {
    warnings.push(`${ctx.encoder} writes HEVC, which HLS carries in ${segmentFormatSpec(segmentFormat).label} only: segments are ${segmentFormatSpec(segmentFormat).label}, not ${segmentFormatSpec(settings.segmentFormat).label}.`)
  }
  const base = {
    kind,
    segmentSeconds: settings.segmentSeconds,
    keyframeSeconds: keyframeSecondsFor(settings.segmentSeconds),
    segmentFormat,
    warnings,
    treatments
  } as const
  if (kind === 'audio') {
    return { ...base, audio, audioRungs: planAudioRungs() }
  }
  const video = planVideo(info.video!, settings, ctx, warnings, treatments)
  const tracks = planTracks(info, settings.burnTrack, Boolean(audio))
  return { ...base, video, audio, audioRungs: [], ...tracks, treatments: [...treatments, ...tracks.treatments] }
}
