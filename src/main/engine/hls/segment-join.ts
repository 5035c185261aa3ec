import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/**
 * Joining consecutive media segments of one rendition without re-encoding.
 * - MPEG-TS: the hls muxer writes one continuous transport stream cut at keyframes (PAT/PMT
 *   repeated at each cut, continuity counters running on), so consecutive segments concatenate
 *   into exactly the segment a longer cut would have made.
 * - fMP4: a media segment is `styp`, `sidx`, then `moof`+`mdat` fragments (ISO/IEC 23009-1
 *   §6.3.4); several fragments make one segment. The joined file keeps the first `styp` and
 *   drops every `sidx` (each indexed only its own fragment; players read the `moof`s).
 */

interface TopBox {
  type: string
  start: number
  end: number
}

function topLevelBoxes(bytes: Buffer): TopBox[] | undefined {
  const boxes: TopBox[] = []
  let at = 0
  while (at + 8 <= bytes.length) {
    let size = bytes.readUInt32BE(at)
    if (size === 1 && at + 16 <= bytes.length) size = Number(bytes.readBigUInt64BE(at + 8))
    else if (size === 0) size = bytes.length - at
    if (size < 8 || at + size > bytes.length) return undefined
    boxes.push({ type: bytes.toString('latin1', at + 4, at + 8), start: at, end: at + size })
    at += size
  }
  return at === bytes.length ? boxes : undefined
}

function isFragmentedMp4(bytes: Buffer): boolean {
  const type = bytes.toString('latin1', 4, 8)
  return type === 'styp' || type === 'moof' || type === 'sidx'
}

/** The bytes of several consecutive segments as one segment. */
export function joinSegmentBytes(parts: readonly Buffer[]): Buffer {
  const first = parts[0]
  if (!first || !isFragmentedMp4(first)) return Buffer.concat(parts)
  const pieces: Buffer[] = []
  for (const [n, part] of parts.entries()) {
    const boxes = topLevelBoxes(part)
    if (!boxes) throw new Error('An fMP4 segment to join is not a sequence of whole boxes')
    for (const box of boxes) {
      if (box.type === 'sidx' || (box.type === 'styp' && n > 0)) continue
      pieces.push(part.subarray(box.start, box.end))
    }
  }
  return Buffer.concat(pieces)
}

/** Joins segment files (absolute paths, in order) into `target`, written whole before it replaces anything. */
export async function joinSegmentFiles(parts: readonly string[], target: string): Promise<void> {
  const joined = joinSegmentBytes(await Promise.all(parts.map((p) => readFile(p))))
  const temporary = join(dirname(target), `.joining-${process.pid}-${Date.now()}`)
  await writeFile(temporary, joined)
  await rename(temporary, target)
}

interface PlaylistEntry {
  /** Line index of the #EXTINF tag and of the URI after it. */
  infLine: number
  uriLine: number
  duration: number
  uri: string
}

function entriesOf(lines: readonly string[]): PlaylistEntry[] {
  const entries: PlaylistEntry[] = []
  for (let i = 0; i < lines.length; i++) {
    const inf = /^#EXTINF:([\d.]+)/.exec(lines[i]!)
    if (!inf) continue
    let uri = i + 1
    while (uri < lines.length && (lines[uri]!.startsWith('#') || lines[uri]!.trim() === '')) uri++
    if (uri >= lines.length) break
    entries.push({ infLine: i, uriLine: uri, duration: Number(inf[1]), uri: lines[uri]!.trim() })
    i = uri
  }
  return entries
}

/** A tail shorter than a third of the segment length is a runt (issue #10: 12.1 s at 6 s gave a 0.1 s tail). */
export const RUNT_FRACTION = 1 / 3

/**
 * Folds a runt last segment into the one before it: the files are joined, the playlist lists
 * one segment fewer and its target duration covers the longer one (RFC 8216 §4.3.3.1).
 * A playlist of one segment is left alone: the whole source is that short. Returns whether it
 * folded; a missing playlist is left for the package check to report.
 */
export async function foldRuntTail(playlistPath: string, segmentSeconds: number): Promise<boolean> {
  const text = await readFile(playlistPath, 'utf8').catch(() => undefined)
  if (text === undefined) return false
  const lines = text.split('\n')
  const entries = entriesOf(lines)
  const last = entries.at(-1)
  const previous = entries.at(-2)
  if (!last || !previous || last.duration >= segmentSeconds * RUNT_FRACTION) return false
  const folder = dirname(playlistPath)
  await joinSegmentFiles([join(folder, previous.uri), join(folder, last.uri)], join(folder, previous.uri))
  const joined = previous.duration + last.duration
  const longest = Math.max(joined, ...entries.slice(0, -2).map((e) => e.duration))
  const kept = lines.map((line, i) => {
    if (i === previous.infLine) return `#EXTINF:${joined.toFixed(6)},`
    const target = /^#EXT-X-TARGETDURATION:(\d+)/.exec(line)
    return target ? `#EXT-X-TARGETDURATION:${Math.max(Number(target[1]), Math.round(longest))}` : line
  })
  const removed = new Set([last.infLine, last.uriLine])
  await writeFile(playlistPath, kept.filter((_, i) => !removed.has(i)).join('\n'))
  await rm(join(folder, last.uri), { force: true })
  return true
}
