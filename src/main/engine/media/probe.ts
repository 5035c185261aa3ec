import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { StudioError } from '@shared/errors'
import type { MediaInfo } from '@shared/media'
import { interpretProbe, type FfprobeOutput } from './probe-parse'
import { readFfprobeJson } from './ffprobe-json'
import { MediaProcessFailure } from './runner'

export interface ProbeOptions {
  ffprobePath: string
  ffmpegPath: string
  signal?: AbortSignal
  timeoutMs?: number
}

const TRUNCATION_HINTS = /moov atom not found|partial file|Truncating packet|EOF inside|unexpected end|end of file/i

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

  let raw: FfprobeOutput
  try {
    raw = await readFfprobeJson(file, { ...options, label: `probe ${name}` })
  } catch (error) {
    if (error instanceof MediaProcessFailure) throw explainProbeFailure(file, error.stderrTail)
    if (error instanceof SyntaxError) {
      throw new StudioError('NOT_MEDIA', `This file is not a video or audio file ffmpeg can read (${name}).`)
    }
    throw error
  }
  const verdict = interpretProbe(file, sizeBytes, raw)
  if (verdict.ok) return verdict.info
  switch (verdict.reason) {
    case 'no-streams':
      throw new StudioError('NO_STREAMS', `This file has no video or audio stream (${name}).`)
    case 'no-duration':
      throw new StudioError(
        'TRUNCATED',
        `This file has no playable length: it may be damaged or cut short (${name}).`
      )
    default:
      throw new StudioError('NOT_MEDIA', `This file is not a video or audio file ffmpeg can read (${name}).`)
  }
}
