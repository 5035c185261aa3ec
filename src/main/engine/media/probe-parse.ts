import type { AudioStreamInfo, MediaInfo, Rational, SubtitleStreamInfo, VideoStreamInfo } from '@shared/media'

/** The subset of `ffprobe -print_format json -show_format -show_streams` the studio reads. */
export interface FfprobeStream {
  index: number
  codec_type?: string
  codec_name?: string
  profile?: string
  width?: number
  height?: number
  sample_aspect_ratio?: string
  display_aspect_ratio?: string
  pix_fmt?: string
  bits_per_raw_sample?: string
  color_transfer?: string
  color_primaries?: string
  color_space?: string
  color_range?: string
  field_order?: string
  duration?: string
  start_time?: string
  nb_frames?: string
  r_frame_rate?: string
  avg_frame_rate?: string
  bit_rate?: string
  channels?: number
  channel_layout?: string
  sample_rate?: string
  disposition?: Record<string, number>
  tags?: Record<string, string>
  side_data_list?: Array<{ side_data_type?: string; rotation?: number }>
}

export interface FfprobeOutput {
  streams?: FfprobeStream[]
  format?: {
    format_name?: string
    format_long_name?: string
    duration?: string
    start_time?: string
    size?: string
    bit_rate?: string
    tags?: Record<string, string>
  }
}

/**
 * Containers and codecs ffmpeg can "read" that are not media to a creator: a .txt file
 * opens as ANSI art through the tty demuxer, and a still image opens as a one-frame video.
 */
const NOT_MEDIA_CONTAINERS = /^(tty|image2|.*_pipe|ico|lrc|srt|ass|webvtt|subviewer.*|microdvd|jacosub|sami|realtext|stl|pjs|mpl2|vplayer|aqtitle|txt)$/
const NOT_VIDEO_CODECS = new Set(['ansi', 'bintext', 'xbin', 'idf', 'png', 'mjpeg', 'bmp', 'gif', 'webp', 'tiff'])
const HDR_TRANSFERS = new Set(['smpte2084', 'arib-std-b67'])

export function parseRational(text: string | undefined): Rational | undefined {
  if (!text) return undefined
  const match = /^(-?\d+)[:/](-?\d+)$/.exec(text.trim())
  if (!match) return undefined
  const num = Number(match[1])
  const den = Number(match[2])
  return den > 0 && num >= 0 ? { num, den } : undefined
}

function rateOf(text: string | undefined): number {
  const r = parseRational(text)
  return r && r.num > 0 ? r.num / r.den : 0
}

function optionalNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  return Number.isFinite(n) && n > 0 ? n : undefined
}

export function bitDepthOf(stream: FfprobeStream): number {
  const fromPixFmt = /p(\d{2})(le|be)?$/.exec(stream.pix_fmt ?? '')
  if (fromPixFmt) return Number(fromPixFmt[1])
  const raw = Number(stream.bits_per_raw_sample)
  return Number.isFinite(raw) && raw > 0 ? raw : 8
}

/** Display rotation in degrees, normalised to 0/90/180/270, from either the old tag or the display matrix. */
export function rotationOf(stream: FfprobeStream): number {
  const tag = stream.tags?.rotate
  let degrees = tag !== undefined ? Number(tag) : undefined
  if (degrees === undefined || !Number.isFinite(degrees)) {
    // Newer ffprobe reports the display matrix instead of the tag. Its sign convention has
    // changed between releases; only whether the picture turns sideways matters for sizing.
    const matrix = stream.side_data_list?.find((d) => d.side_data_type === 'Display Matrix')
    degrees = matrix?.rotation ?? 0
  }
  const quarter = Math.round(degrees / 90) * 90
  return ((quarter % 360) + 360) % 360
}

function isAttachedPicture(stream: FfprobeStream): boolean {
  return stream.disposition?.attached_pic === 1 || NOT_VIDEO_CODECS.has(stream.codec_name ?? '')
}

function startOffsetOf(stream: FfprobeStream, formatStart: string | undefined): number | undefined {
  const start = Number(stream.start_time)
  const origin = Number(formatStart)
  if (stream.start_time === undefined || formatStart === undefined || !Number.isFinite(start) || !Number.isFinite(origin)) return undefined
  return Math.max(0, start - origin)
}

function toVideo(stream: FfprobeStream, formatStart?: string): VideoStreamInfo {
  const width = stream.width ?? 0
  const height = stream.height ?? 0
  const sar = parseRational(stream.sample_aspect_ratio)
  const sampleAspectRatio = sar && sar.num > 0 ? sar : { num: 1, den: 1 }
  const rotation = rotationOf(stream)
  const sarWidth = Math.round((width * sampleAspectRatio.num) / sampleAspectRatio.den)
  const sideways = rotation === 90 || rotation === 270
  const avg = rateOf(stream.avg_frame_rate)
  const r = rateOf(stream.r_frame_rate)
  const transfer = stream.color_transfer
  return {
    index: stream.index,
    codec: stream.codec_name ?? 'unknown',
    profile: stream.profile,
    width,
    height,
    rotation,
    sampleAspectRatio,
    displayAspectRatio: stream.display_aspect_ratio,
    displayWidth: sideways ? height : sarWidth,
    displayHeight: sideways ? sarWidth : height,
    avgFrameRate: avg || r,
    rFrameRate: r || avg,
    // r_frame_rate is the container's base rate; a clear gap to the average means frames come irregularly.
    variableFrameRate: avg > 0 && r > 0 && Math.abs(avg - r) / r > 0.01,
    pixelFormat: stream.pix_fmt ?? 'unknown',
    bitDepth: bitDepthOf(stream),
    colorTransfer: transfer,
    colorPrimaries: stream.color_primaries,
    colorSpace: stream.color_space,
    colorRange: stream.color_range,
    hdr: HDR_TRANSFERS.has(transfer ?? ''),
    bitRate: optionalNumber(stream.bit_rate),
    fieldOrder: stream.field_order,
    durationSeconds: optionalNumber(stream.duration),
    startOffsetSeconds: startOffsetOf(stream, formatStart)
  }
}

function toAudio(stream: FfprobeStream): AudioStreamInfo {
  return {
    index: stream.index,
    codec: stream.codec_name ?? 'unknown',
    profile: stream.profile,
    channels: stream.channels ?? 2,
    channelLayout: stream.channel_layout,
    sampleRate: Number(stream.sample_rate) || 48000,
    bitRate: optionalNumber(stream.bit_rate),
    language: stream.tags?.language,
    title: stream.tags?.title,
    isDefault: stream.disposition?.default === 1
  }
}

function toSubtitle(stream: FfprobeStream): SubtitleStreamInfo {
  return {
    index: stream.index,
    codec: stream.codec_name ?? 'unknown',
    language: stream.tags?.language,
    title: stream.tags?.title,
    isDefault: stream.disposition?.default === 1,
    isForced: stream.disposition?.forced === 1
  }
}

export type ProbeVerdict =
  /** `durationMissing`: neither the header nor any stream gave a length; it must be measured. */
  | { ok: true; info: MediaInfo; durationMissing: boolean }
  | { ok: false; reason: 'not-media' | 'no-streams' | 'still-image' }

const STILL_IMAGE_CODECS = new Set(['png', 'mjpeg', 'bmp', 'gif', 'webp', 'tiff', 'jpeg2000', 'jpegls'])

/** One picture and nothing else: an image codec, or a video stream holding a single frame. */
function isStillImage(streams: FfprobeStream[]): boolean {
  const pictures = streams.filter((s) => s.codec_type === 'video')
  if (pictures.length !== 1 || streams.some((s) => s.codec_type === 'audio')) return false
  const only = pictures[0]!
  return STILL_IMAGE_CODECS.has(only.codec_name ?? '') || only.nb_frames === '1'
}

function positive(text: string | undefined): number | undefined {
  const n = Number(text)
  return Number.isFinite(n) && n > 0 ? n : undefined
}

/** Pure: ffprobe's JSON plus the file's size in, a MediaInfo or the reason it is not usable out. */
export function interpretProbe(path: string, sizeBytes: number, raw: FfprobeOutput): ProbeVerdict {
  const format = raw.format ?? {}
  const container = format.format_name ?? 'unknown'
  if (NOT_MEDIA_CONTAINERS.test(container)) return { ok: false, reason: 'not-media' }
  const streams = raw.streams ?? []
  const videoStream = streams.find(
    (s) => s.codec_type === 'video' && !isAttachedPicture(s) && (s.width ?? 0) > 0 && (s.height ?? 0) > 0
  )
  const audioStreams = streams.filter((s) => s.codec_type === 'audio' && (s.channels ?? 1) > 0)
  if (isStillImage(streams)) return { ok: false, reason: 'still-image' }
  if (!videoStream && audioStreams.length === 0) return { ok: false, reason: 'no-streams' }
  const streamDurations = [videoStream, ...audioStreams].map((s) => positive(s?.duration)).filter((d): d is number => d !== undefined)
  const duration = positive(format.duration) ?? (streamDurations.length ? Math.max(...streamDurations) : undefined)
  const info: MediaInfo = {
    path,
    container,
    formatLongName: format.format_long_name,
    durationSeconds: duration ?? 0,
    sizeBytes,
    bitRate: optionalNumber(format.bit_rate),
    video: videoStream ? toVideo(videoStream, format.start_time) : undefined,
    audio: audioStreams[0] ? toAudio(audioStreams[0]) : undefined,
    audioStreams: audioStreams.map(toAudio),
    audioStreamCount: audioStreams.length,
    subtitles: streams.filter((s) => s.codec_type === 'subtitle').map(toSubtitle),
    tags: format.tags ?? {}
  }
  return { ok: true, info, durationMissing: duration === undefined }
}
