import { allBoxes, child, readVideoTrack, type Box } from './fmp4-timing'

/**
 * Placing fMP4 segments cut by separate hls runs on one continuous timeline. Each run's mp4
 * muxer starts its fragments' decode times (tfdt) at 0 and keeps its start in the init
 * segment's edit list, so a chunk's segments are moved, in place, to where the chunk before
 * ended: the same decode times one run over the whole stream writes.
 */

function readTime(bytes: Buffer, at: number, version: number): number {
  return version === 1 ? Number(bytes.readBigUInt64BE(at)) : bytes.readUInt32BE(at)
}

function writeTime(bytes: Buffer, at: number, version: number, value: number, what: string): void {
  if (version === 1) bytes.writeBigUInt64BE(BigInt(value), at)
  else if (value <= 0xffffffff) bytes.writeUInt32BE(value, at)
  else throw new Error(`${what} does not fit its 32-bit field`)
}

/** Every fragment `ticks` later: each tfdt, and each sidx's earliest presentation time (same timescale). */
export function shiftFragmentTimes(segment: Buffer, ticks: number): void {
  if (ticks === 0) return
  for (const box of allBoxes(segment)) {
    const version = segment[box.body]!
    if (box.type === 'tfdt') writeTime(segment, box.body + 4, version, readTime(segment, box.body + 4, version) + ticks, 'tfdt')
    if (box.type === 'sidx') writeTime(segment, box.body + 12, version, readTime(segment, box.body + 12, version) + ticks, 'sidx')
  }
}

/** Sum of a trun's sample durations: its own per sample, else the fragment's or the track's default. */
function trunDuration(bytes: Buffer, trun: Box, defaultDuration: number): number {
  const flags = bytes.readUIntBE(trun.body + 1, 3)
  const count = bytes.readUInt32BE(trun.body + 4)
  if (!(flags & 0x100)) return count * defaultDuration
  let at = trun.body + 8
  if (flags & 0x1) at += 4
  if (flags & 0x4) at += 4
  const stride = [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length * 4
  let total = 0
  for (let i = 0; i < count; i++, at += stride) total += bytes.readUInt32BE(at)
  return total
}

function trexDefaultDuration(init: Buffer, trackId: number): number {
  const trex = allBoxes(init).find((b) => b.type === 'trex' && init.readUInt32BE(b.body + 4) === trackId)
  return trex ? init.readUInt32BE(trex.body + 12) : 0
}

/** Where the segment's video ends on its decode timeline: the last fragment's tfdt plus its samples' durations. */
export function fragmentsEnd(init: Buffer, segment: Buffer): number {
  const track = readVideoTrack(init)
  if (!track) throw new Error('the init segment has no video track')
  let end = 0
  for (const traf of allBoxes(segment).filter((b) => b.type === 'traf')) {
    const tfhd = child(segment, traf, 'tfhd')
    const tfdt = child(segment, traf, 'tfdt')
    if (!tfhd || !tfdt || segment.readUInt32BE(tfhd.body + 4) !== track.trackId) continue
    const tfhdFlags = segment.readUIntBE(tfhd.body + 1, 3)
    let at = tfhd.body + 8
    if (tfhdFlags & 0x1) at += 8
    if (tfhdFlags & 0x2) at += 4
    const defaultDuration = tfhdFlags & 0x8 ? segment.readUInt32BE(at) : trexDefaultDuration(init, track.trackId)
    let time = readTime(segment, tfdt.body + 4, segment[tfdt.body]!)
    for (const trun of allBoxes(segment, traf.body, traf.end).filter((b) => b.type === 'trun')) time += trunDuration(segment, trun, defaultDuration)
    end = Math.max(end, time)
  }
  return end
}

/** The sample description (codec setup) of an init segment, to tell whether two runs encoded alike. */
export function sampleDescription(init: Buffer): Buffer | undefined {
  const stsd = allBoxes(init).find((b) => b.type === 'stsd')
  return stsd ? init.subarray(stsd.start, stsd.end) : undefined
}
