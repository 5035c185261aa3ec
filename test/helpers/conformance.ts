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
import { parseIdetLine, type IdetCounts } from '../../src/main/engine/media/interlace'

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
  /** color_primaries / color_transfer / color_space of the first segment's video. */
  colour?: { primaries?: string; transfer?: string; space?: string; pixFmt?: string }
}

export interface PackageFacts {
  master: types.MasterPlaylist
  masterText: string
  variants: VariantFact[]
  problems: string[]
  /** idet's multi-frame counts over the top variant, when `progressive` was asked for. */
  idet?: IdetCounts
}

export interface InspectOptions {
  segmentSeconds?: number
  ffmpeg?: string
  /** The box rule: every rung fits its 16:9 box of a ladder height (turned for portrait), aspect kept, never larger than the source. */
  boxes?: { source: { displayWidth: number; displayHeight: number }; ladder?: readonly number[] }
  /** Progressive output, measured with idet on the top variant. */
  progressive?: boolean
}

/** 16:9 box of a ladder height, turned to the picture's orientation. */
function boxFor(height: number, portrait: boolean): { width: number; height: number } {
  const width = 2 * Math.round((height * 16) / 9 / 2)
  return portrait ? { width: height, height: width } : { width, height }
}

/**
 * The box rule of issue 10, stated independently of the engine's code: each rung fits inside
 * one ladder box, keeps the source's display aspect (within rounding to even pixels), is
 * never larger than the source, and the top rung fills its box or is the source's own size.
 */
export function boxProblems(sizes: Array<{ uri: string; width: number; height: number }>, rule: NonNullable<InspectOptions['boxes']>): string[] {
  const problems: string[] = []
  const { displayWidth: sw, displayHeight: sh } = rule.source
  const portrait = sh > sw
  const boxes = (rule.ladder ?? [1080, 720, 480, 360]).map((h) => boxFor(h, portrait))
  const aspect = sw / sh
  for (const v of sizes) {
    if (v.width > sw || v.height > sh) problems.push(`${v.uri}: ${v.width}x${v.height} is larger than the source ${sw}x${sh}`)
    // Rounding each side to an even number of pixels moves the aspect by at most 1 px per side.
    if (Math.abs(v.width / v.height - aspect) / aspect > 2 / v.width + 2 / v.height) {
      problems.push(`${v.uri}: ${v.width}x${v.height} does not keep the display aspect ${aspect.toFixed(4)}`)
    }
    if (!boxes.some((b) => v.width <= b.width && v.height <= b.height)) problems.push(`${v.uri}: ${v.width}x${v.height} fits no ladder box`)
  }
  const top = sizes[0]
  if (top) {
    const ownSize = top.width >= 2 * Math.floor(sw / 2) && top.height >= 2 * Math.floor(sh / 2)
    const fills = boxes.some((b) => (top.width >= b.width - 2 && top.width <= b.width && top.height <= b.height) || (top.height >= b.height - 2 && top.height <= b.height && top.width <= b.width))
    if (!ownSize && !fills) problems.push(`${top.uri}: top rung ${top.width}x${top.height} neither fills a box nor keeps the source's ${sw}x${sh}`)
  }
  return problems
}

/** idet's counts over a media playlist's frames (up to 300), read with the given ffmpeg. */
export async function idetCounts(playlist: string, ffmpeg = FFMPEG): Promise<IdetCounts> {
  const { stderr } = await run(ffmpeg, ['-hide_banner', '-nostdin', '-i', playlist, '-map', '0:v:0', '-frames:v', '300', '-vf', 'idet', '-f', 'null', '-'], { maxBuffer: 16 * 1024 * 1024 })
  const counts = stderr.split('\n').map(parseIdetLine).find((c) => c !== undefined)
  if (!counts) throw new Error(`idet printed no counts for ${playlist}`)
  return counts
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

export async function inspectPackage(dir: string, options: InspectOptions = {}): Promise<PackageFacts> {
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
      audioSampleRate: audio ? Number(audio.sample_rate) : undefined,
      colour: video ? { primaries: video.color_primaries, transfer: video.color_transfer, space: video.color_space, pixFmt: video.pix_fmt } : undefined
    }
    if (video) {
      const tags = fact.colour!
      if (tags.primaries !== 'bt709' || tags.transfer !== 'bt709' || tags.space !== 'bt709') {
        problems.push(`${name}: not tagged BT.709 (primaries ${tags.primaries}, transfer ${tags.transfer}, matrix ${tags.space})`)
      }
      if (tags.pixFmt !== 'yuv420p') problems.push(`${name}: pixel format ${tags.pixFmt}, not 8-bit yuv420p`)
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
  if (options.boxes) {
    problems.push(...boxProblems(videoVariants.map((v) => ({ uri: v.uri, width: v.width!, height: v.height! })), options.boxes))
  }
  let idet: IdetCounts | undefined
  if (options.progressive && reference) {
    idet = await idetCounts(join(dir, reference.uri), options.ffmpeg)
    const combed = idet.tff + idet.bff
    const decided = combed + idet.progressive
    if (decided === 0 || combed > 0.2 * decided) problems.push(`${reference.uri}: looks interlaced to idet (TFF ${idet.tff}, BFF ${idet.bff}, progressive ${idet.progressive})`)
  }
  return { master, masterText, variants, problems, idet }
}
