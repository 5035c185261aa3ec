import { readFile } from 'node:fs/promises'
import { readFirstVideoPts } from '../hls/fmp4-timing'
import { aacCodecString, avcCodecString, joinCodecs, readAvcProfileFromAnnexB, readHevcCodecStringFromAnnexB } from '../hls/codecs'
import { readFfprobeJson } from './ffprobe-json'
import { parseRational } from './probe-parse'
import { withJoinedFragment } from './joined-fragment'
import { runMediaProcess } from './runner'

/** What the encoded output really contains, read back from its first segment. */
export interface StreamFacts {
  codecs: string
  width?: number
  height?: number
  frameRate?: number
  videoCodec?: string
  audioCodec?: string
}

export interface StreamFactsInput {
  ffmpegPath: string
  ffprobePath: string
  /** Absolute paths: the init segment (fMP4) and the first media segment. */
  initPath?: string
  segmentPath: string
  signal?: AbortSignal
}

/** An fMP4 segment is read from a temporary file holding its init segment and itself; a TS segment as it is. */
function readSegment<T>(input: StreamFactsInput, use: (path: string) => Promise<T>): Promise<T> {
  return input.initPath ? withJoinedFragment(input.initPath, input.segmentPath, use) : use(input.segmentPath)
}

/** The first video access unit as an Annex B byte stream, parameter sets included. */
async function firstVideoAccessUnit(input: StreamFactsInput, path: string, codec: 'h264' | 'hevc'): Promise<Buffer> {
  const result = await runMediaProcess({
    binary: input.ffmpegPath,
    args: [
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-i',
      path,
      '-map',
      '0:v:0',
      '-c:v',
      'copy',
      ...(input.initPath ? ['-bsf:v', `${codec}_mp4toannexb`] : []),
      '-frames:v',
      '1',
      '-f',
      codec,
      'pipe:1'
    ],
    label: 'read codec parameters',
    captureStdout: true,
    maxStdoutBytes: 4 * 1024 * 1024,
    signal: input.signal,
    timeoutMs: 30_000
  })
  return result.stdout
}

export function readStreamFacts(input: StreamFactsInput): Promise<StreamFacts> {
  return readSegment(input, (path) => readStreamFactsOf(input, path))
}

async function readStreamFactsOf(input: StreamFactsInput, path: string): Promise<StreamFacts> {
  const probed = await readFfprobeJson(path, {
    ffprobePath: input.ffprobePath,
    ffmpegPath: input.ffmpegPath,
    signal: input.signal,
    timeoutMs: 30_000,
    label: 'probe segment'
  })
  const streams = probed.streams ?? []
  const video = streams.find((s) => s.codec_type === 'video')
  const audio = streams.find((s) => s.codec_type === 'audio')

  let videoCodec: string | undefined
  if (video?.codec_name === 'h264') {
    const profile = readAvcProfileFromAnnexB(await firstVideoAccessUnit(input, path, 'h264'))
    if (profile) videoCodec = avcCodecString(profile)
  } else if (video?.codec_name === 'hevc') {
    videoCodec = readHevcCodecStringFromAnnexB(await firstVideoAccessUnit(input, path, 'hevc'))
  }
  const audioCodec = audio?.codec_name === 'aac' ? aacCodecString(audio.profile) : undefined
  const rate = parseRational(video?.avg_frame_rate) ?? parseRational(video?.r_frame_rate)
  return {
    codecs: joinCodecs(videoCodec, audioCodec),
    width: video?.width,
    height: video?.height,
    frameRate: rate && rate.num > 0 ? rate.num / rate.den : undefined,
    videoCodec,
    audioCodec
  }
}

/** "#tb 0: 1/90000" and the first packet line "0, dts, pts, …" of ffmpeg's framecrc output. */
export function parseFirstPacketPts(framecrc: string): number | undefined {
  const timebase = /^#tb 0:\s*(\d+)\/(\d+)/m.exec(framecrc)
  const packet = /^0,\s*-?\d+,\s*(-?\d+),/m.exec(framecrc)
  if (!timebase || !packet) return undefined
  return (Number(packet[1]) * Number(timebase[1])) / Number(timebase[2])
}

/**
 * The presentation time of a segment's first video frame as a player sees it. fMP4: read from
 * the boxes. MPEG-TS: read with ffmpeg (-copyts keeps it from shifting the time to zero; the
 * bundled ffprobe crashes on MPEG-TS here).
 */
export async function readFirstVideoPtsSeconds(input: StreamFactsInput): Promise<number> {
  if (input.initPath) {
    const pts = readFirstVideoPts(await readFile(input.initPath), await readFile(input.segmentPath))
    if (pts === undefined) throw new Error(`No video timing found in ${input.segmentPath}`)
    return pts
  }
  const result = await runMediaProcess({
    binary: input.ffmpegPath,
    args: ['-hide_banner', '-nostdin', '-v', 'error', '-copyts', '-i', input.segmentPath, '-map', '0:v:0', '-c', 'copy', '-frames:v', '1', '-f', 'framecrc', 'pipe:1'],
    label: 'read first timestamp',
    captureStdout: true,
    signal: input.signal,
    timeoutMs: 30_000
  })
  const pts = parseFirstPacketPts(result.stdout.toString('utf8'))
  if (pts === undefined) throw new Error(`No video timestamp found in ${input.segmentPath}`)
  return pts
}
