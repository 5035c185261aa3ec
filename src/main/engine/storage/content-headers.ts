import mime from 'mime'
import type { PackageFileKind } from '@shared/job'
import type { TargetVisibility } from '@shared/targets'

/** Types players insist on; the rest come from the mime database. */
const CONTENT_TYPE_OVERRIDES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  // fMP4 segments: the database says video/iso.segment, which some players and CDNs do not know.
  m4s: 'video/mp4',
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

/** A year: a published segment or image never changes (a new encode gets a new job id). */
const LONG_SECONDS = 31_536_000
/** Playlists and job.json may be rewritten by a republish; caches let go of them quickly. */
const SHORT_SECONDS = 60

export function cacheControlFor(kind: PackageFileKind, visibility: TargetVisibility): string {
  const scope = visibility === 'public' ? 'public' : 'private'
  const long = kind === 'segment' || kind === 'init' || kind === 'image' || kind === 'subtitle'
  return long ? `${scope}, max-age=${LONG_SECONDS}, immutable` : `${scope}, max-age=${SHORT_SECONDS}`
}
