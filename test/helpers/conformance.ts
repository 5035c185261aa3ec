/**
 * Checks an HLS package against the rules the studio promises: Apple's authoring rules for
 * the master, VOD media playlists, aligned segment boundaries, an IDR at the start of every
 * segment. Returns the problems found (an empty list means conformant) plus the facts read,
 * so tests can assert on both.
 */
import { execFile } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { join, posix } from 'node:path'
import { promisify } from 'node:util'
import { parse, types } from 'hls-parser'
import { FFMPEG, FFPROBE } from './media'
import { readFfprobeJson } from '../../src/main/engine/media/ffprobe-json'

const run = promisify(execFile)

export interface SegmentFact {
  uri: string
  duration: number
  bytes: number
}

export interface VariantFact {
  uri: string
  stream: types.Variant
  playlist: types.MediaPlaylist
  playlistText: string
  segments: SegmentFact[]
  init?: string
  width?: number
  height?: number
  videoCodec?: string
  audioCodec?: string
  audioChannels?: number
  audioSampleRate?: number
}

export interface PackageFacts {
  master: types.MasterPlaylist
  masterText: string
  variants: VariantFact[]
  problems: string[]
}

/** NAL unit types of the first video access unit of a segment. */
export async function firstAccessUnitNalTypes(segment: string, init?: string, ffmpeg = FFMPEG): Promise<number[]> {
  const input = init ? `concat:${init}|${segment}` : segment
  const args = ['-v', 'error', '-i', input, '-map', '0:v:0', '-c:v', 'copy']
  if (init) args.push('-bsf:v', 'h264_mp4toannexb')
  args.push('-frames:v', '1', '-f', 'h264', 'pipe:1')
  const { stdout } = await run(ffmpeg, args, { encoding: 'buffer', maxBuffer: 32 * 1024 * 1024 })
  const types: number[] = []
  for (let i = 0; i + 3 < stdout.length; i++) {
    if (stdout[i] === 0 && stdout[i + 1] === 0 && stdout[i + 2] === 1) types.push(stdout[i + 3]! & 0x1f)
  }
  return types
}

function peakAndAverage(segments: SegmentFact[]): { peak: number; average: number } {
  let peak = 0
  let bits = 0
  let seconds = 0
  for (const s of segments) {
    peak = Math.max(peak, (s.bytes * 8) / s.duration)
    bits += s.bytes * 8
    seconds += s.duration
  }
  return { peak, average: bits / seconds }
}

export async function inspectPackage(dir: string, options: { segmentSeconds?: number; ffmpeg?: string } = {}): Promise<PackageFacts> {
  const problems: string[] = []
  const masterText = readFileSync(join(dir, 'master.m3u8'), 'utf8')
  const master = parse(masterText) as types.MasterPlaylist
  if (!master.isMasterPlaylist) problems.push('master.m3u8 is not a master playlist')
  if (!/^#EXT-X-INDEPENDENT-SEGMENTS$/m.test(masterText)) problems.push('master lacks EXT-X-INDEPENDENT-SEGMENTS')

  const variants: VariantFact[] = []
  for (const stream of master.variants) {
    const playlistText = readFileSync(join(dir, stream.uri), 'utf8')
    const playlist = parse(playlistText) as types.MediaPlaylist
    const folder = posix.dirname(stream.uri)
    const segments = playlist.segments.map((s) => ({
      uri: `${folder}/${s.uri}`,
      duration: s.duration,
      bytes: statSync(join(dir, folder, s.uri)).size
    }))
    const initUri = playlist.segments[0]?.map?.uri
    const init = initUri ? join(dir, folder, initUri) : undefined
    const name = stream.uri
    if (playlist.playlistType !== 'VOD') problems.push(`${name}: not EXT-X-PLAYLIST-TYPE:VOD`)
    if (!playlist.endlist) problems.push(`${name}: no EXT-X-ENDLIST`)
    if (!/^#EXT-X-INDEPENDENT-SEGMENTS$/m.test(playlistText)) problems.push(`${name}: no EXT-X-INDEPENDENT-SEGMENTS`)
    if (segments.length === 0) problems.push(`${name}: no segments`)
    for (const s of segments) {
      if (Math.round(s.duration) > playlist.targetDuration) problems.push(`${s.uri}: longer than the target duration`)
    }

    const { peak, average } = peakAndAverage(segments)
    if (stream.bandwidth < Math.floor(peak)) problems.push(`${name}: BANDWIDTH ${stream.bandwidth} below measured peak ${peak}`)
    if (stream.bandwidth > peak * 1.01 + 1) problems.push(`${name}: BANDWIDTH ${stream.bandwidth} is not the measured peak ${peak}`)
    if (!stream.averageBandwidth || Math.abs(stream.averageBandwidth - average) > average * 0.01 + 1) {
      problems.push(`${name}: AVERAGE-BANDWIDTH ${stream.averageBandwidth} is not the measured average ${average}`)
    }
    if (!stream.codecs) problems.push(`${name}: no CODECS`)

    const probe = await readFfprobeJson(init ? `concat:${init}|${join(dir, segments[0]!.uri)}` : join(dir, segments[0]!.uri), {
      ffprobePath: FFPROBE,
      ffmpegPath: options.ffmpeg ?? FFMPEG
    })
    const video = probe.streams?.find((s) => s.codec_type === 'video')
    const audio = probe.streams?.find((s) => s.codec_type === 'audio')
    const fact: VariantFact = {
      uri: stream.uri,
      stream,
      playlist,
      playlistText,
      segments,
      init,
      width: video?.width,
      height: video?.height,
      videoCodec: video?.codec_name,
      audioCodec: audio?.codec_name,
      audioChannels: audio?.channels,
      audioSampleRate: audio ? Number(audio.sample_rate) : undefined
    }
    if (video) {
      if (!stream.resolution) problems.push(`${name}: video variant without RESOLUTION`)
      else if (stream.resolution.width !== video.width || stream.resolution.height !== video.height) {
        problems.push(`${name}: RESOLUTION ${stream.resolution.width}x${stream.resolution.height} but stream is ${video.width}x${video.height}`)
      }
      if (!stream.frameRate) problems.push(`${name}: video variant without FRAME-RATE`)
      if (video.width! % 2 || video.height! % 2) problems.push(`${name}: odd dimensions`)
      if (!stream.codecs?.match(/^avc1\.[0-9a-f]{6}/)) problems.push(`${name}: CODECS lacks avc1.PPCCLL`)
      for (const s of segments) {
        const nals = await firstAccessUnitNalTypes(join(dir, s.uri), init, options.ffmpeg).catch(() => [])
        const firstSlice = nals.find((t) => t === 1 || t === 5)
        if (firstSlice !== 5) problems.push(`${s.uri}: does not start with an IDR frame`)
      }
    }
    if (audio && !stream.codecs?.includes('mp4a.40.')) problems.push(`${name}: CODECS lacks mp4a`)
    variants.push(fact)
  }

  // Boundaries line up: every video variant cuts its segments at the same times.
  const videoVariants = variants.filter((v) => v.width)
  const reference = videoVariants[0]
  for (const v of videoVariants.slice(1)) {
    if (v.segments.length !== reference!.segments.length) problems.push(`${v.uri}: segment count differs from ${reference!.uri}`)
    v.segments.forEach((s, i) => {
      const other = reference!.segments[i]
      if (other && Math.abs(other.duration - s.duration) > 0.05) problems.push(`${s.uri}: boundary differs from ${other.uri}`)
    })
  }
  if (options.segmentSeconds) {
    for (const v of variants) {
      v.segments.slice(0, -1).forEach((s) => {
        if (Math.abs(s.duration - options.segmentSeconds!) > 0.1) {
          problems.push(`${s.uri}: lasts ${s.duration} s, expected ${options.segmentSeconds} s`)
        }
      })
    }
  }
  return { master, masterText, variants, problems }
}
