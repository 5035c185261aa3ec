import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SubtitleRendition } from '../../hls/master'
import { PLAYLIST_NAME } from '../encode-args'
import { formatTimestamp, renderWebVttCue, type Cue } from './cues'
import { renditionByteLimit, renditionTooLarge } from './subtitle-limits'

export const SUBTITLE_FOLDER = 'subs'
export const SUBTITLE_GROUP = 'subs'
const MPEGTS_HZ = 90_000
const MPEGTS_WRAP = 2 ** 33

/** One video segment's span on the source timeline. */
export interface SegmentWindow {
  start: number
  end: number
}

export function windowsFromDurations(durations: readonly number[]): SegmentWindow[] {
  const windows: SegmentWindow[] = []
  let at = 0
  for (const duration of durations) {
    windows.push({ start: at, end: at + duration })
    at += duration
  }
  return windows
}

/**
 * One WebVTT segment. Cue times stay on the source timeline; X-TIMESTAMP-MAP says that source
 * time 0 is the video's first presentation timestamp, so players line cues up with the picture
 * (RFC 8216 §3.5). A cue crossing a boundary is repeated in both segments, as the spec allows.
 */
export function renderWebVttSegment(cues: readonly Cue[], window: SegmentWindow, firstVideoPtsSeconds: number): string {
  const mpegts = Math.round(firstVideoPtsSeconds * MPEGTS_HZ) % MPEGTS_WRAP
  const inside = cues.filter((c) => c.start < window.end && c.end > window.start)
  const header = `WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:${mpegts},LOCAL:${formatTimestamp(0)}`
  return [header, ...inside.map(renderWebVttCue)].join('\n\n') + '\n'
}

export function segmentName(index: number): string {
  return `seg_${String(index).padStart(5, '0')}.vtt`
}

/** A VOD media playlist whose segments match the video's, one for one. */
export function renderSubtitlePlaylist(windows: readonly SegmentWindow[]): string {
  const target = Math.max(1, ...windows.map((w) => Math.round(w.end - w.start)))
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD']
  windows.forEach((w, i) => lines.push(`#EXTINF:${(w.end - w.start).toFixed(6)},`, segmentName(i)))
  lines.push('#EXT-X-ENDLIST', '')
  return lines.join('\n')
}

/** "fr" → "French"; `und` or an unknown tag → "Subtitles". */
export function subtitleTrackName(language: string): string {
  if (language === 'und') return 'Subtitles'
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(language)
    return name && name !== language ? name : language
  } catch {
    return language
  }
}

export interface WebVttRenditionInput {
  packageDir: string
  cues: readonly Cue[]
  /** Durations of the video's segments, in order. */
  segmentDurations: readonly number[]
  firstVideoPtsSeconds: number
  language: string
  /** The subtitle file's name and text size: the rendition is refused past renditionByteLimit. */
  sourceName: string
  textBytes: number
  /** Folder inside the package; `subs` by default (the sidecar). */
  folder?: string
  /** What players list; by default the language's English name. */
  name?: string
  forced?: boolean
}

/** Writes `<folder>/index.m3u8` and its segments, and returns the master playlist's EXT-X-MEDIA entry. */
export async function writeWebVttRendition(input: WebVttRenditionInput): Promise<SubtitleRendition> {
  const relativeFolder = input.folder ?? SUBTITLE_FOLDER
  const folder = join(input.packageDir, relativeFolder)
  await mkdir(folder, { recursive: true })
  const windows = windowsFromDurations(input.segmentDurations)
  // Rendered whole before a byte is written, so a refused rendition leaves no half on disk.
  const limit = renditionByteLimit(input.textBytes, windows.length)
  const segments: string[] = []
  let total = 0
  for (const window of windows) {
    const text = renderWebVttSegment(input.cues, window, input.firstVideoPtsSeconds)
    total += Buffer.byteLength(text, 'utf8')
    if (total > limit) throw renditionTooLarge(input.sourceName, input.textBytes, limit)
    segments.push(text)
  }
  for (const [i, text] of segments.entries()) await writeFile(join(folder, segmentName(i)), text)
  await writeFile(join(folder, PLAYLIST_NAME), renderSubtitlePlaylist(windows))
  return {
    groupId: SUBTITLE_GROUP,
    name: input.name ?? subtitleTrackName(input.language),
    language: input.language,
    uri: `${relativeFolder}/${PLAYLIST_NAME}`,
    // Off until the viewer turns them on; players still pick them for a matching language.
    isDefault: false,
    autoselect: true,
    forced: input.forced
  }
}
