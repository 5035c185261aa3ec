import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { StudioError } from '@shared/errors'
import type { MediaInfo } from '@shared/media'
import { interpretProbe, type FfprobeOutput } from './probe-parse'
import { readFfprobeJson } from './ffprobe-json'
import { countInterlacedFrames, judgeInterlace, needsFrameCheck } from './interlace'
import { measureDuration } from './measure-duration'
import { MediaProcessFailure } from './runner'
import { sniffSource, type DisguisedSource } from './source-sniff'

export interface ProbeOptions {
  ffprobePath: string
  ffmpegPath: string
  signal?: AbortSignal
  timeoutMs?: number
}

const TRUNCATION_HINTS = /moov atom not found|partial file|Truncating packet|EOF inside|unexpected end|end of file/i

/** Refusals of files that are not what their name claims, in words a creator can act on. */
export function explainDisguise(file: string, disguise: DisguisedSource): StudioError {
  const name = basename(file)
  switch (disguise) {
    case 'hls-playlist':
      return new StudioError('NOT_MEDIA', `This is a playlist, not a media file (${name}): an HLS playlist only points at other files. Add the video itself.`)
    case 'concat-list':
      return new StudioError('NOT_MEDIA', `This is a playlist, not a media file (${name}): an ffmpeg concat list only names other files. Add the videos it lists.`)
    case 'still-image':
      return new StudioError('NOT_MEDIA', `This is a still image, not a video or audio file (${name}). The studio encodes video and sound; add a video.`)
  }
}

/** Turns ffprobe's complaint into a sentence a creator can act on. */
export function explainProbeFailure(file: string, stderrTail: readonly string[]): StudioError {
  const name = basename(file)
  const text = stderrTail.join('\n')
  if (TRUNCATION_HINTS.test(text)) {
    return new StudioError(
      'TRUNCATED',
      `This file looks incomplete or damaged, as if a copy or download stopped early (${name}). Copy it again from the original.`
    )
  }
  return new StudioError('NOT_MEDIA', `This file is not a video or audio file ffmpeg can read (${name}).`)
}

export async function probeMedia(file: string, options: ProbeOptions): Promise<MediaInfo> {
  const name = basename(file)
  let sizeBytes: number
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new StudioError('NOT_MEDIA', `This is a folder, not a media file (${name}).`)
    sizeBytes = info.size
  } catch (error) {
    if (error instanceof StudioError) throw error
    throw new StudioError('FILE_NOT_FOUND', `File not found: ${file}`)
  }
  if (sizeBytes === 0) throw new StudioError('EMPTY_FILE', `This file is empty (0 bytes): ${name}.`)
  // Before ffmpeg opens it: a playlist must not get the chance to read the files it names.
  const disguise = await sniffSource(file)
  if (disguise) throw explainDisguise(file, disguise)

  let raw: FfprobeOutput
  try {
    raw = await readFfprobeJson(file, { ...options, label: `probe ${name}`, source: true })
  } catch (error) {
    if (error instanceof MediaProcessFailure) throw explainProbeFailure(file, error.stderrTail)
    if (error instanceof SyntaxError) {
      throw new StudioError('NOT_MEDIA', `This file is not a video or audio file ffmpeg can read (${name}).`)
    }
    throw error
  }
  const verdict = interpretProbe(file, sizeBytes, raw)
  if (verdict.ok) return completeProbe(verdict.info, verdict.durationMissing, options)
  switch (verdict.reason) {
    case 'no-streams':
      throw new StudioError('NO_STREAMS', `This file has no video or audio stream (${name}).`)
    case 'still-image':
      throw explainDisguise(file, 'still-image')
    default:
      throw new StudioError('NOT_MEDIA', `This file is not a video or audio file ffmpeg can read (${name}).`)
  }
}

/** A failed look is no answer (undefined), but a cancelled one still cancels. */
function unlessAborted(signal?: AbortSignal): (error: unknown) => undefined {
  return (error) => {
    if (signal?.aborted) throw error
    return undefined
  }
}

/** What the header cannot say: a missing duration (measured) and interlacing (seen in the first frames). */
async function completeProbe(info: MediaInfo, durationMissing: boolean, options: ProbeOptions): Promise<MediaInfo> {
  const name = basename(info.path)
  const run = { ffmpegPath: options.ffmpegPath, signal: options.signal }
  let result = info
  if (durationMissing) {
    const stream = info.video?.index ?? info.audio?.index ?? 0
    const measured = await measureDuration(info.path, stream, run).catch(unlessAborted(options.signal))
    if (!measured) throw new StudioError('TRUNCATED', `This file has no playable length: it may be damaged or cut short (${name}).`)
    result = { ...result, durationSeconds: measured, durationMeasured: true }
  }
  const video = result.video
  if (video) {
    // A picture idet cannot decode leaves the stream's own word; the encode will explain a real decoding problem.
    const counts = needsFrameCheck(video)
      ? await countInterlacedFrames(info.path, video, run).catch(unlessAborted(options.signal))
      : undefined
    const interlace = judgeInterlace(video.fieldOrder, counts)
    if (interlace) result = { ...result, video: { ...video, interlace } }
  }
  return result
}
