import type { MediaKind } from './media'
import type { SegmentFormat } from './settings'

/** One video variant of the ladder. Ids are stable: v0 is the top rung. */
export interface VideoRung {
  id: string
  /** Label a person reads, e.g. "720p" (named after the short side). */
  label: string
  width: number
  height: number
  videoBitrateKbps: number
  maxrateKbps: number
  bufsizeKbps: number
}

/** One audio-only variant. Ids are stable: a0 is the top rung. */
export interface AudioRung {
  id: string
  label: string
  bitrateKbps: number
}

export interface AudioTrackPlan {
  bitrateKbps: number
  channels: number
  sampleRate: number
}

/** How 10-bit or HDR pictures become 8-bit SDR yuv420p. */
export type ToneMapMode = 'none' | 'tonemap' | 'convert'

export interface VideoPlan {
  rungs: VideoRung[]
  encoder: string
  preset: string
  /** Output frame rate; the source's own unless it was above 60 and got halved. */
  frameRate: number
  halveFrameRate: boolean
  toneMap: ToneMapMode
}

export interface EncodePlan {
  kind: MediaKind
  segmentSeconds: number
  /** Keyframe spacing: about 2 s, and dividing the segment length exactly. */
  keyframeSeconds: number
  segmentFormat: SegmentFormat
  video?: VideoPlan
  /** Audio muxed into every video variant; absent for a silent source. */
  audio?: AudioTrackPlan
  /** Audio-only ladder, for audio jobs. */
  audioRungs: AudioRung[]
  /** Things a person should know about the result, e.g. HDR converted without tone mapping. */
  warnings: string[]
  /** Subtitles the job burns in or carries as a WebVTT rendition. */
  subtitles?: SubtitlePlan
  /** Whether the package gets its poster, grid and storyboard (video) or waveform (audio). */
  images?: boolean
}

export interface SubtitlePlan {
  /** The subtitle file as given (or the sidecar found beside the source). */
  source: string
  format: 'srt' | 'ass' | 'vtt'
  /** The encoding the file was read in, e.g. "windows-1252"; it is converted to UTF-8. */
  encoding: string
  mode: 'burn' | 'soft'
  language: string
}

export function variantIds(plan: EncodePlan): string[] {
  return plan.kind === 'video' ? (plan.video?.rungs ?? []).map((r) => r.id) : plan.audioRungs.map((r) => r.id)
}
