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
  hdr: boolean
  bitRate?: number
  /** The stream's own duration when the container gives one (mp4 does, Matroska often not). */
  durationSeconds?: number
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
