/**
 * The first video presentation time of an fMP4 segment as a player computes it: the track
 * fragment's decode time (tfdt) plus the first sample's composition offset (trun), in the
 * track's timescale (mdhd). ffmpeg builds disagree on whether to apply the init segment's
 * edit list when they read this, so the boxes are read directly.
 */

export interface Box {
  type: string
  start: number
  end: number
  /** Where the payload starts (after the size/type header). */
  body: number
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'mvex', 'moof', 'traf'])

function boxesIn(bytes: Buffer, start: number, end: number): Box[] {
  const boxes: Box[] = []
  let at = start
  while (at + 8 <= end) {
    let size = bytes.readUInt32BE(at)
    let header = 8
    if (size === 1) {
      size = Number(bytes.readBigUInt64BE(at + 8))
      header = 16
    } else if (size === 0) size = end - at
    if (size < header || at + size > end) break
    boxes.push({ type: bytes.toString('latin1', at + 4, at + 8), start: at, end: at + size, body: at + header })
    at += size
  }
  return boxes
}

/** Every box at any depth of the usual containers, in file order. */
export function allBoxes(bytes: Buffer, start = 0, end = bytes.length): Box[] {
  return boxesIn(bytes, start, end).flatMap((box) => [box, ...(CONTAINERS.has(box.type) ? allBoxes(bytes, box.body, box.end) : [])])
}

export function child(bytes: Buffer, parent: Box, type: string): Box | undefined {
  return allBoxes(bytes, parent.body, parent.end).find((b) => b.type === type)
}

/** track_ID and timescale of the init segment's video track. */
export function readVideoTrack(init: Buffer): { trackId: number; timescale: number } | undefined {
  for (const trak of allBoxes(init).filter((b) => b.type === 'trak')) {
    const hdlr = child(init, trak, 'hdlr')
    if (!hdlr || init.toString('latin1', hdlr.body + 8, hdlr.body + 12) !== 'vide') continue
    const tkhd = child(init, trak, 'tkhd')
    const mdhd = child(init, trak, 'mdhd')
    if (!tkhd || !mdhd) return undefined
    const trackId = init.readUInt32BE(tkhd.body + (init[tkhd.body] === 1 ? 20 : 12))
    const timescale = init.readUInt32BE(mdhd.body + (init[mdhd.body] === 1 ? 20 : 12))
    return { trackId, timescale }
  }
  return undefined
}

/** The first sample's composition offset from a trun box (0 when it carries none). */
function firstCompositionOffset(bytes: Buffer, trun: Box): number {
  const version = bytes[trun.body]!
  const flags = bytes.readUIntBE(trun.body + 1, 3)
  let at = trun.body + 8
  if (flags & 0x1) at += 4
  if (flags & 0x4) at += 4
  for (const bit of [0x100, 0x200, 0x400]) if (flags & bit) at += 4
  if (!(flags & 0x800)) return 0
  return version === 1 ? bytes.readInt32BE(at) : bytes.readUInt32BE(at)
}

export function readFirstVideoPts(init: Buffer, segment: Buffer): number | undefined {
  const track = readVideoTrack(init)
  if (!track) return undefined
  for (const traf of allBoxes(segment).filter((b) => b.type === 'traf')) {
    const tfhd = child(segment, traf, 'tfhd')
    if (!tfhd || segment.readUInt32BE(tfhd.body + 4) !== track.trackId) continue
    const tfdt = child(segment, traf, 'tfdt')
    const trun = child(segment, traf, 'trun')
    if (!tfdt || !trun) return undefined
    const decodeTime = segment[tfdt.body] === 1 ? Number(segment.readBigUInt64BE(tfdt.body + 4)) : segment.readUInt32BE(tfdt.body + 4)
    return (decodeTime + firstCompositionOffset(segment, trun)) / track.timescale
  }
  return undefined
}
