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
import { firstPacketSeconds, inspectRenditions, undefinedGroups, type RenditionFact } from './conformance-renditions'

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
  /** The sound a viewer of this variant hears: muxed into its segments, or its audio group's default. */
  audioCodec?: string
  audioChannels?: number
  audioSampleRate?: number
  /** color_primaries / color_transfer / color_space of the first segment's video. */
  colour?: { primaries?: string; transfer?: string; space?: string; pixFmt?: string }
  audioFrom?: 'muxed' | 'group'
}

export interface PackageFacts {
  master: types.MasterPlaylist
  masterText: string
  variants: VariantFact[]
  renditions: RenditionFact[]
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

/**
 * RFC 8216 §4.3.4.2, by brute force over every contiguous run of segments, from the file sizes
 * and EXTINF durations alone: the peak segment bit rate is the largest bits ÷ seconds of any run
 * lasting 0.5 to 1.5 target durations. A playlist too short for any such run counts whole.
 */
export function rfcPeakBitrate(segments: ReadonlyArray<Pick<SegmentFact, 'bytes' | 'duration'>>, targetDuration: number): number {
  const rates: number[] = []
  for (let i = 0; i < segments.length; i++) {
    for (let j = i; j < segments.length; j++) {
      const run = segments.slice(i, j + 1)
      const seconds = run.reduce((sum, s) => sum + s.duration, 0)
      if (seconds >= 0.5 * targetDuration && seconds <= 1.5 * targetDuration) rates.push((run.reduce((sum, s) => sum + s.bytes, 0) * 8) / seconds)
    }
  }
  return rates.length > 0 ? Math.max(...rates) : averageBitrate(segments)
}

export function averageBitrate(segments: ReadonlyArray<Pick<SegmentFact, 'bytes' | 'duration'>>): number {
  const seconds = segments.reduce((sum, s) => sum + s.duration, 0)
  return seconds > 0 ? (segments.reduce((sum, s) => sum + s.bytes, 0) * 8) / seconds : 0
}

/** Declared against measured, either way: within 10% (issue #10), and never below the peak a player would stall on. */
function bandwidthProblems(name: string, stream: types.Variant, peak: number, average: number): string[] {
  const problems: string[] = []
  if (stream.bandwidth < Math.floor(peak * 0.9)) problems.push(`${name}: BANDWIDTH ${stream.bandwidth} below measured peak ${Math.round(peak)}`)
  if (stream.bandwidth > peak * 1.1) problems.push(`${name}: BANDWIDTH ${stream.bandwidth} more than 10% above the measured peak ${Math.round(peak)}`)
  if (!stream.averageBandwidth || Math.abs(stream.averageBandwidth - average) > average * 0.1) {
    problems.push(`${name}: AVERAGE-BANDWIDTH ${stream.averageBandwidth} is not the measured average ${Math.round(average)}`)
  }
  return problems
}

/** A last segment shorter than a third of the segment length is a runt, unless it is the only one. */
function runtProblems(uri: string, segments: readonly SegmentFact[], segmentSeconds: number): string[] {
  const last = segments.at(-1)
  return segments.length > 1 && last && last.duration < segmentSeconds / 3 ? [`${uri}: ends with a ${last.duration} s runt segment`] : []
}

export async function inspectPackage(dir: string, options: InspectOptions = {}): Promise<PackageFacts> {
  const problems: string[] = []
  const masterText = readFileSync(join(dir, 'master.m3u8'), 'utf8')
  const master = parse(masterText) as types.MasterPlaylist
  if (!master.isMasterPlaylist) problems.push('master.m3u8 is not a master playlist')
  if (!/^#EXT-X-INDEPENDENT-SEGMENTS$/m.test(masterText)) problems.push('master lacks EXT-X-INDEPENDENT-SEGMENTS')

  for (const group of undefinedGroups(masterText)) problems.push(`master names ${group}, which no EXT-X-MEDIA defines`)
  const renditions = await inspectRenditions(dir, master, problems, options.ffmpeg)
  const segmentSeconds = (facts: { targetDuration: number }): number => options.segmentSeconds ?? facts.targetDuration
  for (const r of renditions) problems.push(...runtProblems(r.uri, r.segments, segmentSeconds(r)))

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

    // With an audio group, the largest sum any playable combination gives (RFC 8216 §4.3.4.2).
    const group = renditions.filter((r) => r.type === 'AUDIO' && stream.audio.some((a) => a.uri === r.uri))
    const groupPeak = Math.max(0, ...group.map((r) => rfcPeakBitrate(r.segments, r.targetDuration)))
    const groupAverage = Math.max(0, ...group.map((r) => averageBitrate(r.segments)))
    problems.push(...bandwidthProblems(name, stream, rfcPeakBitrate(segments, playlist.targetDuration) + groupPeak, averageBitrate(segments) + groupAverage))
    problems.push(...runtProblems(name, segments, segmentSeconds(playlist)))
    if (!stream.codecs) problems.push(`${name}: no CODECS`)

    const probe = await readFfprobeJson(init ? `concat:${init}|${join(dir, segments[0]!.uri)}` : join(dir, segments[0]!.uri), {
      ffprobePath: FFPROBE,
      ffmpegPath: options.ffmpeg ?? FFMPEG
    })
    const video = probe.streams?.find((s) => s.codec_type === 'video')
    const audio = probe.streams?.find((s) => s.codec_type === 'audio')
    const heard = group.find((r) => r.isDefault) ?? group[0]
    if (audio && group.length > 0) problems.push(`${name}: muxes audio and also names an audio group`)
    if (heard && !stream.codecs?.includes('mp4a.40.')) problems.push(`${name}: CODECS does not name the audio group's codec`)
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
      audioCodec: audio?.codec_name ?? heard?.codec,
      audioChannels: audio?.channels ?? heard?.channels,
      audioSampleRate: audio ? Number(audio.sample_rate) : heard?.sampleRate,
      audioFrom: audio ? 'muxed' : heard ? 'group' : undefined,
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
      // Video and audio start together: the group's first packet is presented with the first
      // picture, whichever way a player reads the times (1 ms of rounding allowed).
      const picture = await firstPacketSeconds(join(dir, segments[0]!.uri), init, 'v', options.ffmpeg)
      for (const r of group) {
        const sound = r.firstPacket
        const apart = picture && sound ? Math.max(Math.abs(picture.decode - sound.decode), Math.abs(picture.edited - sound.edited)) : undefined
        if (apart === undefined || apart > 0.001) {
          problems.push(`${r.uri}: starts at ${JSON.stringify(sound)} s, the picture of ${name} at ${JSON.stringify(picture)} s`)
        }
      }
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
  // Subtitle renditions are cut on the video's boundaries, one WebVTT segment per video segment.
  for (const r of renditions.filter((f) => f.type === 'SUBTITLES')) {
    const durations = reference?.segments.map((s) => s.duration) ?? []
    const aligned = r.segments.length === durations.length && r.segments.every((s, i) => Math.abs(s.duration - durations[i]!) <= 0.05)
    if (reference && !aligned) problems.push(`${r.uri}: WebVTT segments do not line up with ${reference.uri}`)
  }
  return { master, masterText, variants, renditions, problems, idet }
}
