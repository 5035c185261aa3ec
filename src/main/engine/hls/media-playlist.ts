import { readFile, stat } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { parse, types } from 'hls-parser'
import { StudioError } from '@shared/errors'

export interface SegmentFacts {
  /** Path relative to the package folder, with forward slashes. */
  path: string
  durationSeconds: number
  bytes: number
}

export interface MediaPlaylistFacts {
  /** Playlist path relative to the package folder. */
  playlist: string
  playlistBytes: number
  /** fMP4 initialization segment, relative to the package folder. */
  init?: { path: string; bytes: number }
  segments: SegmentFacts[]
  durationSeconds: number
  targetDuration: number
  endlist: boolean
  playlistType?: string
}

export function parseMediaPlaylistText(text: string): types.MediaPlaylist {
  const parsed = parse(text)
  if (parsed.isMasterPlaylist) throw new StudioError('INTERNAL', 'Expected a media playlist, found a master playlist.')
  return parsed as types.MediaPlaylist
}

/** Reads a variant's playlist from disk and measures every file it references. */
export async function readMediaPlaylist(packageDir: string, playlist: string): Promise<MediaPlaylistFacts> {
  const absolute = join(packageDir, playlist)
  const text = await readFile(absolute, 'utf8')
  const parsed = parseMediaPlaylistText(text)
  const folder = posix.dirname(playlist)
  const resolve = (uri: string): string => (folder === '.' ? uri : `${folder}/${uri}`)
  const segments: SegmentFacts[] = []
  let init: MediaPlaylistFacts['init']
  for (const segment of parsed.segments) {
    const path = resolve(segment.uri)
    const info = await stat(join(packageDir, path))
    segments.push({ path, durationSeconds: segment.duration, bytes: info.size })
    if (segment.map && !init) {
      const initPath = resolve(segment.map.uri)
      init = { path: initPath, bytes: (await stat(join(packageDir, initPath))).size }
    }
  }
  return {
    playlist,
    playlistBytes: (await stat(absolute)).size,
    init,
    segments,
    durationSeconds: segments.reduce((sum, s) => sum + s.durationSeconds, 0),
    targetDuration: parsed.targetDuration,
    endlist: parsed.endlist,
    playlistType: parsed.playlistType
  }
}

export interface Bandwidth {
  /** Highest bitrate of any one segment, in bit/s: what HLS BANDWIDTH means. */
  peak: number
  average: number
}

/** Peak and average bitrates measured from real segment sizes and durations. */
export function measureBandwidth(segments: ReadonlyArray<Pick<SegmentFacts, 'bytes' | 'durationSeconds'>>): Bandwidth {
  let peak = 0
  let bits = 0
  let seconds = 0
  for (const s of segments) {
    if (s.durationSeconds <= 0) continue
    peak = Math.max(peak, (s.bytes * 8) / s.durationSeconds)
    bits += s.bytes * 8
    seconds += s.durationSeconds
  }
  return { peak: Math.ceil(peak), average: seconds > 0 ? Math.ceil(bits / seconds) : 0 }
}
