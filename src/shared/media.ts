/** What ffprobe found in a source file, reduced to what the studio decides with. */

export interface Rational {
  num: number
  den: number
}

export interface VideoStreamInfo {
  index: number
  codec: string
  profile?: string
  /** Coded size, before rotation and sample aspect ratio. */
  width: number
  height: number
  /** Display rotation in degrees as ffprobe reports it: 0, 90, 180 or 270. */
  rotation: number
  sampleAspectRatio: Rational
  displayAspectRatio?: string
  /** Size as a viewer sees it: SAR applied, rotation applied. */
  displayWidth: number
  displayHeight: number
  avgFrameRate: number
  rFrameRate: number
  variableFrameRate: boolean
  pixelFormat: string
  bitDepth: number
  colorTransfer?: string
  colorPrimaries?: string
  colorSpace?: string
  /** "tv" (limited) or "pc" (full), when the stream says. */
  colorRange?: string
  hdr: boolean
  bitRate?: number
  /** ffprobe's field_order: "progressive", "tt", "bb", "tb", "bt" or absent. */
  fieldOrder?: string
  /** Set when the source is interlaced, by its stream's field order or by its first decoded frames (idet). */
  interlace?: InterlaceFinding
  /** The stream's own duration when the container gives one (mp4 does, Matroska often not). */
  durationSeconds?: number
  /**
   * Where its first frame sits on the file's timeline (ffmpeg's, which starts at the earliest
   * stream): e.g. 0.021 when the audio's AAC priming starts one frame earlier. Chunks cut there.
   */
  startOffsetSeconds?: number
}

/** How the studio knows a source is interlaced, and in which field order. */
export interface InterlaceFinding {
  fieldOrder: 'tff' | 'bff'
  detectedBy: 'stream' | 'frames'
  /** idet's multi-frame counts over the first frames, when they were read. */
  frames?: { tff: number; bff: number; progressive: number; undetermined: number }
}

export interface AudioStreamInfo {
  index: number
  codec: string
  profile?: string
  channels: number
  channelLayout?: string
  sampleRate: number
  bitRate?: number
  language?: string
  title?: string
  isDefault?: boolean
}

export interface SubtitleStreamInfo {
  index: number
  codec: string
  language?: string
  title?: string
  isDefault: boolean
  isForced: boolean
}

export interface MediaInfo {
  path: string
  /** ffprobe's format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2". */
  container: string
  formatLongName?: string
  durationSeconds: number
  /** True when the header had no duration and it was measured by reading the file (MediaRecorder WebM, live captures). */
  durationMeasured?: boolean
  sizeBytes: number
  bitRate?: number
  video?: VideoStreamInfo
  /** The first audio track (the one an audio-only ladder is made from). */
  audio?: AudioStreamInfo
  /** Every audio track, in stream order; absent in probes recorded before it was kept. */
  audioStreams?: AudioStreamInfo[]
  audioStreamCount: number
  subtitles: SubtitleStreamInfo[]
  tags: Record<string, string>
}

export type MediaKind = 'video' | 'audio'

export function mediaKindOf(info: MediaInfo): MediaKind {
  return info.video ? 'video' : 'audio'
}
