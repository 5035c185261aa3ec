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
  /** RFC 8216 §4.3.4.2 peak segment bit rate, bit/s: what HLS BANDWIDTH means. */
  peak: number
  average: number
}

type MeasuredSegment = Pick<SegmentFacts, 'bytes' | 'durationSeconds'>

/**
 * The peak segment bit rate of RFC 8216 §4.3.4.2: the largest bit rate of any contiguous set of
 * segments whose total duration is between 0.5 and 1.5 times the target duration. Alone, a
 * 0.1 s tail segment would not count (it declared 4.44 Mbit/s for a 2.97 Mbit/s 720p rung).
 * A playlist too short to hold any such set is measured whole.
 */
export function peakSegmentBitrate(segments: readonly MeasuredSegment[], targetDuration: number): number {
  const low = 0.5 * targetDuration
  const high = 1.5 * targetDuration
  let peak = 0
  for (let first = 0; first < segments.length; first++) {
    let bits = 0
    let seconds = 0
    for (let last = first; last < segments.length; last++) {
      bits += segments[last]!.bytes * 8
      seconds += segments[last]!.durationSeconds
      if (seconds > high) break
      if (seconds >= low && seconds > 0) peak = Math.max(peak, bits / seconds)
    }
  }
  if (peak > 0) return Math.ceil(peak)
  const bits = segments.reduce((sum, s) => sum + s.bytes * 8, 0)
  const seconds = segments.reduce((sum, s) => sum + s.durationSeconds, 0)
  return seconds > 0 ? Math.ceil(bits / seconds) : 0
}

/** Peak (RFC 8216) and average bitrates measured from real segment sizes and durations. */
export function measureBandwidth(segments: readonly MeasuredSegment[], targetDuration: number): Bandwidth {
  let bits = 0
  let seconds = 0
  for (const s of segments) {
    bits += s.bytes * 8
    seconds += s.durationSeconds
  }
  return { peak: peakSegmentBitrate(segments, targetDuration), average: seconds > 0 ? Math.ceil(bits / seconds) : 0 }
}
