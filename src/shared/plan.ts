import type { MediaKind } from './media'
import type { SegmentFormat } from './settings'

/** A rung's bounding box: the picture is fitted inside it, aspect kept (e.g. 1920x1080, or 1080x1920 for portrait). */
export interface RungBox {
  width: number
  height: number
}

/** One video variant of the ladder. Ids are stable: v0 is the top rung. */
export interface VideoRung {
  id: string
  /** Label a person reads, e.g. "720p" (named after the short side, so 1080x1920 is "1080p"). */
  label: string
  /** The box the picture was fitted into; width and height are the real picture size. */
  box: RungBox
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

/**
 * One audio track of a video job, encoded once as its own HLS rendition of the `audio` group
 * (EXT-X-MEDIA TYPE=AUDIO), which every video variant references.
 */
export interface AudioRenditionPlan {
  /** Folder of the rendition in the package, e.g. "audio-0". */
  id: string
  /** The source stream (ffmpeg's `0:<index>`). */
  streamIndex: number
  /** BCP 47, e.g. "fr"; "und" when the source does not say. */
  language: string
  /** What a player lists: the title tag, or the language's own name ("Français"). */
  name: string
  isDefault: boolean
  sourceChannels: number
}

/** One subtitle track embedded in the source, and what the job does with it. */
export interface EmbeddedSubtitlePlan {
  /** The source stream (ffmpeg's `0:<index>`). */
  streamIndex: number
  /** Its number among the source's subtitle tracks (ffmpeg's `0:s:<n>`), as `--burn-track` takes it. */
  track: number
  codec: string
  /** BCP 47, "und" when the source does not say. */
  language: string
  name: string
  forced: boolean
  isDefault: boolean
  /** soft: a WebVTT rendition; burn: drawn into the picture; skipped: image-based, see treatments. */
  mode: 'soft' | 'burn' | 'skipped'
}

/** One thing the studio did to the source, shown to the person in the job detail and job.json. */
export interface SourceTreatment {
  kind: 'deinterlace' | 'tone-map' | 'colour-convert' | 'frame-rate' | 'downmix' | 'audio-tracks' | 'subtitle-tracks' | 'subtitle-skipped'
  /** Plain words, e.g. "deinterlaced (bwdif, top field first)". */
  text: string
}

/** How 10-bit or HDR pictures become 8-bit SDR yuv420p. */
export type ToneMapMode = 'none' | 'tonemap' | 'convert'

/** One thing the studio did to the source, shown to the person in the job detail and job.json. */
export interface SourceTreatment {
  kind: 'deinterlace' | 'tone-map' | 'colour-convert' | 'frame-rate' | 'downmix' | 'audio-tracks' | 'subtitle-tracks' | 'subtitle-skipped'
  /** Plain words, e.g. "deinterlaced (bwdif, top field first)". */
  text: string
}

/** Interlaced sources become one progressive frame per frame (25i → 25p). */
export interface DeinterlacePlan {
  filter: 'bwdif' | 'yadif'
  fieldOrder: 'tff' | 'bff'
}

/** The HDR transfer a tone map starts from: PQ (SMPTE ST 2084, HDR10) or HLG (ARIB STD-B67). */
export type HdrTransfer = 'pq' | 'hlg'

export interface VideoPlan {
  rungs: VideoRung[]
  encoder: string
  preset: string
  /** Output frame rate; the source's own unless it was above 60 and got halved. */
  frameRate: number
  halveFrameRate: boolean
  toneMap: ToneMapMode
  /** Set for HDR sources that are tone-mapped. */
  hdrTransfer?: HdrTransfer
  /** BT.601 sources (SD) get their matrix converted so the BT.709 tag every rung carries is true. */
  matrixFrom?: 'bt601'
  deinterlace?: DeinterlacePlan
  /** The coded picture size (after rotation) every frame is fitted into before the ladder, so a size change midway keeps rung sizes. */
  pictureSize: { width: number; height: number }
}

export interface EncodePlan {
  kind: MediaKind
  segmentSeconds: number
  /** Keyframe spacing: about 2 s, and dividing the segment length exactly. */
  keyframeSeconds: number
  segmentFormat: SegmentFormat
  video?: VideoPlan
  /** How audio is encoded (every rendition, or every rung of an audio ladder); absent for a silent source. */
  audio?: AudioTrackPlan
  /** Video jobs: every audio track of the source, each its own rendition of the audio group. */
  audioRenditions?: AudioRenditionPlan[]
  /** Audio-only ladder, for audio jobs. */
  audioRungs: AudioRung[]
  /** Things a person should know about the result, e.g. HDR converted without tone mapping. */
  warnings: string[]
  /** What was done to the source, in the order it happened. */
  treatments: SourceTreatment[]
  /** Subtitles the job burns in or carries as a WebVTT rendition. */
  subtitles?: SubtitlePlan
  /** Subtitle tracks embedded in the source: WebVTT renditions, one burned in, or skipped. */
  embeddedSubtitles?: EmbeddedSubtitlePlan[]
  /** Set when the video was encoded in chunks (engine/chunks/): their length and number. */
  chunking?: {
    chunkSeconds: number
    chunkCount: number
    /** Chunks encoded on a queue (workers), this run: which worker did each, after how many attempts. */
    workers?: Array<{ index: number; worker: string; attempts: number; encoder?: string }>
  }
  /** Whether the package gets its poster, grid and storyboard (video) or waveform (audio). */
  images?: boolean
  /** The whole-file MP4 made beside the rungs, when asked for. */
  download?: Mp4DownloadPlan
}

export interface Mp4DownloadPlan {
  /** Inside the package: `download/<slug>.mp4`. */
  path: string
  width: number
  height: number
  crf: number
  preset: string
  /** The subtitle file is burned into the MP4 only (the rungs carry it soft). */
  burnSubtitles: boolean
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
