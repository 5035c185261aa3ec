/**
 * The rendition groups of a master playlist, checked the way a validator would: every group a
 * variant names exists, NAMEs differ within a group (RFC 8216 §4.3.4.1.1), one rendition is the
 * DEFAULT, AUTOSELECT is YES wherever DEFAULT is, each playlist is a finished VOD playlist, and
 * each audio rendition really is stereo 48 kHz AAC.
 */
import { execFile } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { promisify } from 'node:util'
import { join, posix } from 'node:path'
import { parse, types } from 'hls-parser'
import { readFfprobeJson } from '../../src/main/engine/media/ffprobe-json'
import { FFMPEG, FFPROBE } from './media'

const run = promisify(execFile)

export interface RenditionSegment {
  uri: string
  duration: number
  bytes: number
}

/** Top-level and nested ISO BMFF boxes of the kinds needed here, by type, in file order. */
function findBoxes(bytes: Buffer, type: string, start = 0, end = bytes.length): number[] {
  const found: number[] = []
  for (let at = start; at + 8 <= end; ) {
    const size = bytes.readUInt32BE(at) || end - at
    const name = bytes.toString('latin1', at + 4, at + 8)
    if (name === type) found.push(at)
    if (['moov', 'trak', 'mdia', 'moof', 'traf'].includes(name)) found.push(...findBoxes(bytes, type, at + 8, at + size))
    if (size < 8) break
    at += size
  }
  return found
}

/** The empty edits (elst media_time −1) before a track's media, in seconds of the movie timescale (mvhd). */
function emptyEditSeconds(init: Buffer): number {
  const mvhd = findBoxes(init, 'mvhd')[0]
  if (mvhd === undefined) return 0
  const movieTimescale = init.readUInt32BE(mvhd + (init[mvhd + 8] === 1 ? 28 : 20))
  let empty = 0
  for (const elst of findBoxes(init, 'elst')) {
    const v1 = init[elst + 8] === 1
    const entries = init.readUInt32BE(elst + 12)
    for (let i = 0, at = elst + 16; i < entries; i++, at += v1 ? 20 : 12) {
      const duration = v1 ? Number(init.readBigUInt64BE(at)) : init.readUInt32BE(at)
      const mediaTime = v1 ? Number(init.readBigInt64BE(at + 8)) : init.readInt32BE(at + 4)
      if (mediaTime === -1) empty += duration
    }
  }
  return empty / movieTimescale
}

/** fMP4: the first fragment's decode time (tfdt) in the track's timescale (mdhd), and the empty edit before it. */
function fmp4Start(init: Buffer, segment: Buffer): { decode: number; edited: number } | undefined {
  const mdhd = findBoxes(init, 'mdhd')[0]
  const tfdt = findBoxes(segment, 'tfdt')[0]
  if (mdhd === undefined || tfdt === undefined) return undefined
  const timescale = init.readUInt32BE(mdhd + (init[mdhd + 8] === 1 ? 28 : 20))
  const time = segment[tfdt + 8] === 1 ? Number(segment.readBigUInt64BE(tfdt + 12)) : segment.readUInt32BE(tfdt + 12)
  return { decode: time / timescale, edited: emptyEditSeconds(init) + time / timescale }
}

/**
 * When a segment's first packet of one kind starts, as each kind of player places it.
 * MPEG-TS: its PTS, read with ffmpeg (-copyts, so nothing is shifted), for every player.
 * fMP4: its tfdt, which hls.js, Shaka and Chromium's MSE go by (`decode`), and that plus the
 * init segment's empty edit, which players that read edit lists go by (`edited`).
 */
export async function firstPacketSeconds(segment: string, init: string | undefined, kind: 'v' | 'a', ffmpeg = FFMPEG): Promise<{ decode: number; edited: number } | undefined> {
  if (init) return fmp4Start(readFileSync(init), readFileSync(segment))
  const { stdout } = await run(ffmpeg, ['-v', 'error', '-copyts', '-i', segment, '-map', `0:${kind}:0`, '-c', 'copy', '-f', 'framecrc', 'pipe:1'], { maxBuffer: 32 * 1024 * 1024 })
  const timebase = /^#tb 0:\s*(\d+)\/(\d+)/m.exec(stdout)
  const packets = [...stdout.matchAll(/^0,\s*-?\d+,\s*(-?\d+),/gm)].map((m) => Number(m[1]))
  if (!timebase || packets.length === 0) return undefined
  const pts = (Math.min(...packets) * Number(timebase[1])) / Number(timebase[2])
  return { decode: pts, edited: pts }
}

export interface RenditionFact {
  type: 'AUDIO' | 'SUBTITLES'
  groupId: string
  uri: string
  name: string
  language?: string
  isDefault: boolean
  autoselect: boolean
  forced: boolean
  targetDuration: number
  segments: RenditionSegment[]
  codec?: string
  channels?: number
  sampleRate?: number
  /** Concatenated cue text of every WebVTT segment (subtitle renditions only). */
  cueText?: string
  /** Audio renditions: when their first packet is presented (see firstPacketSeconds). */
  firstPacket?: { decode: number; edited: number }
}

export function readRenditionSegments(dir: string, uri: string): { playlist: types.MediaPlaylist; segments: RenditionSegment[]; init?: string } {
  const playlist = parse(readFileSync(join(dir, uri), 'utf8')) as types.MediaPlaylist
  const folder = posix.dirname(uri)
  const segments = playlist.segments.map((s) => ({ uri: `${folder}/${s.uri}`, duration: s.duration, bytes: statSync(join(dir, folder, s.uri)).size }))
  const initUri = playlist.segments[0]?.map?.uri
  return { playlist, segments, init: initUri ? join(dir, folder, initUri) : undefined }
}

/** Group names a variant uses (AUDIO=, SUBTITLES=) that no EXT-X-MEDIA line defines. */
export function undefinedGroups(masterText: string): string[] {
  const missing: string[] = []
  for (const line of masterText.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'))) {
    for (const [, type, group] of line.matchAll(/\b(AUDIO|SUBTITLES)="([^"]*)"/g)) {
      if (!masterText.includes(`#EXT-X-MEDIA:TYPE=${type},GROUP-ID="${group}"`)) missing.push(`${type}="${group}"`)
    }
  }
  return [...new Set(missing)]
}

/** Every EXT-X-MEDIA rendition of the master, each once, read from disk and checked. */
export async function inspectRenditions(dir: string, master: types.MasterPlaylist, problems: string[], ffmpeg = FFMPEG): Promise<RenditionFact[]> {
  const seen = new Map<string, types.Rendition>()
  for (const variant of master.variants) {
    for (const r of [...variant.audio, ...variant.subtitles]) seen.set(`${r.type}\n${r.groupId}\n${r.uri}`, r)
  }
  const facts: RenditionFact[] = []
  for (const r of seen.values()) {
    const name = `${r.type} ${r.name}`
    if (!r.uri) {
      problems.push(`${name}: no URI`)
      continue
    }
    const { playlist, segments, init } = readRenditionSegments(dir, r.uri)
    if (playlist.playlistType !== 'VOD' || !playlist.endlist) problems.push(`${r.uri}: not a finished VOD playlist`)
    if (!r.language) problems.push(`${name}: no LANGUAGE`)
    if (r.isDefault && !r.autoselect) problems.push(`${name}: DEFAULT=YES without AUTOSELECT=YES`)
    const fact: RenditionFact = {
      type: r.type as 'AUDIO' | 'SUBTITLES',
      groupId: r.groupId,
      uri: r.uri,
      name: r.name,
      language: r.language,
      isDefault: r.isDefault ?? false,
      autoselect: r.autoselect ?? false,
      forced: r.forced ?? false,
      targetDuration: playlist.targetDuration,
      segments
    }
    if (r.type === 'AUDIO') {
      const first = join(dir, segments[0]!.uri)
      const probe = await readFfprobeJson(init ? `concat:${init}|${first}` : first, { ffprobePath: FFPROBE, ffmpegPath: ffmpeg })
      const audio = probe.streams?.find((s) => s.codec_type === 'audio')
      if (probe.streams?.some((s) => s.codec_type === 'video')) problems.push(`${r.uri}: an audio rendition carries video`)
      Object.assign(fact, { codec: audio?.codec_name, channels: audio?.channels, sampleRate: audio ? Number(audio.sample_rate) : undefined })
      fact.firstPacket = await firstPacketSeconds(first, init, 'a', ffmpeg)
      if (audio?.codec_name !== 'aac' || audio.channels !== 2 || Number(audio.sample_rate) !== 48000) {
        problems.push(`${r.uri}: audio is ${audio?.codec_name} ${audio?.channels} ch ${audio?.sample_rate} Hz, not stereo 48 kHz AAC`)
      }
    } else {
      fact.cueText = segments.map((s) => readFileSync(join(dir, s.uri), 'utf8')).join('\n')
    }
    facts.push(fact)
  }
  for (const type of ['AUDIO', 'SUBTITLES'] as const) {
    for (const group of new Set(facts.filter((f) => f.type === type).map((f) => f.groupId))) {
      const members = facts.filter((f) => f.type === type && f.groupId === group)
      const names = members.map((m) => m.name)
      if (new Set(names).size !== names.length) problems.push(`${type} group ${group}: NAMEs repeat (${names.join(', ')})`)
      const defaults = members.filter((m) => m.isDefault).length
      if (type === 'AUDIO' && defaults !== 1) problems.push(`AUDIO group ${group}: ${defaults} renditions are DEFAULT, not one`)
      if (type === 'SUBTITLES' && defaults > 1) problems.push(`SUBTITLES group ${group}: ${defaults} renditions are DEFAULT`)
    }
  }
  return facts
}
