// The standard types only (the full database loads twice as slowly): the vendor ones a package
// holds, the playlist's above all, are in the table below.
import mime from 'mime/lite'
import type { PackageFileKind } from '@shared/job'
import { SEGMENT_FORMAT_SPECS, SEGMENT_FORMATS } from '@shared/segment-formats'
import type { TargetVisibility } from '@shared/targets'

/** Each segment format's extension → its Content-Type. */
const SEGMENT_TYPES: Record<string, string> = Object.fromEntries(SEGMENT_FORMATS.map((f) => [SEGMENT_FORMAT_SPECS[f].extension, SEGMENT_FORMAT_SPECS[f].contentType]))

/** Types players insist on; the rest come from the mime database. */
const CONTENT_TYPE_OVERRIDES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ...SEGMENT_TYPES,
  mp4: 'video/mp4',
  vtt: 'text/vtt',
  webvtt: 'text/vtt',
  json: 'application/json',
  aac: 'audio/aac'
}

export function contentTypeFor(path: string): string {
  const extension = path.split('.').pop()?.toLowerCase() ?? ''
  return CONTENT_TYPE_OVERRIDES[extension] ?? mime.getType(path) ?? 'application/octet-stream'
}

/**
 * What a player opens from a package, and nothing else: playlists, segments and init segments,
 * subtitles and images. The type comes from the extension, never from the bucket, so an HTML or
 * script object cannot be served as a page; every answer also carries PLAYBACK_SAFETY_HEADERS.
 */
const PLAYBACK_TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ...SEGMENT_TYPES,
  mp4: 'video/mp4',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  mp3: 'audio/mpeg',
  vtt: 'text/vtt; charset=utf-8',
  webvtt: 'text/vtt; charset=utf-8',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp'
}

/** The Content-Type to play `path` with, or undefined when it is not something a player opens. */
export function playbackContentType(path: string): string | undefined {
  const name = path.split('/').pop() ?? ''
  const dot = name.lastIndexOf('.')
  return dot > 0 ? PLAYBACK_TYPES[name.slice(dot + 1).toLowerCase()] : undefined
}

/** Even a right type is not trusted to be harmless: no sniffing it into HTML, no script if it is opened as a page. */
export const PLAYBACK_SAFETY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "sandbox; default-src 'none'"
}

export function notPlayableText(key: string): string {
  return `${key} is not part of an HLS package (only playlists, segments, subtitles and images are played), so it is not served.`
}

/** A year: a published segment or image never changes (a new encode gets a new job id). */
const LONG_SECONDS = 31_536_000
/** Playlists and job.json may be rewritten by a republish; caches let go of them quickly. */
const SHORT_SECONDS = 60

export function cacheControlFor(kind: PackageFileKind, visibility: TargetVisibility): string {
  const scope = visibility === 'public' ? 'public' : 'private'
  const long = kind === 'segment' || kind === 'init' || kind === 'image' || kind === 'subtitle' || kind === 'download'
  return long ? `${scope}, max-age=${LONG_SECONDS}, immutable` : `${scope}, max-age=${SHORT_SECONDS}`
}

/**
 * The MP4 download saves under the job's title (RFC 6266): a plain-ASCII `filename` for old
 * clients, with quotes, backslashes, slashes and control characters replaced, and the title
 * itself in `filename*` (RFC 8187 percent-encoded UTF-8), which every current browser prefers.
 */
export function downloadDispositionFor(title: string): string {
  const name = title.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim() || 'video'
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_')
  const encoded = encodeURIComponent(`${name}.mp4`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}.mp4"; filename*=UTF-8''${encoded}`
}
