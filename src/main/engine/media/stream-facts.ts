import { aacCodecString, avcCodecString, joinCodecs, readAvcProfileFromAnnexB } from '../hls/codecs'
import { readFfprobeJson } from './ffprobe-json'
import { parseRational } from './probe-parse'
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

/** fMP4 media segments only make sense after their init segment; the concat protocol joins the bytes. */
function inputUrl(input: StreamFactsInput): string {
  return input.initPath ? `concat:${input.initPath}|${input.segmentPath}` : input.segmentPath
}

async function firstVideoAccessUnit(input: StreamFactsInput): Promise<Buffer> {
  const result = await runMediaProcess({
    binary: input.ffmpegPath,
    args: [
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-i',
      inputUrl(input),
      '-map',
      '0:v:0',
      '-c:v',
      'copy',
      ...(input.initPath ? ['-bsf:v', 'h264_mp4toannexb'] : []),
      '-frames:v',
      '1',
      '-f',
      'h264',
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

export async function readStreamFacts(input: StreamFactsInput): Promise<StreamFacts> {
  const probed = await readFfprobeJson(inputUrl(input), {
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
    const profile = readAvcProfileFromAnnexB(await firstVideoAccessUnit(input))
    if (profile) videoCodec = avcCodecString(profile)
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
