import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { FfprobeOutput } from './probe-parse'
import { MediaProcessFailure, runMediaProcess } from './runner'
import { sourceInputArgs, sourceOpenOptions, sourceUrl } from './source-input'

export interface FfprobeJsonOptions {
  ffprobePath: string
  /** Used to work around an ffprobe that crashes on a container (see below). */
  ffmpegPath: string
  signal?: AbortSignal
  timeoutMs?: number
  label?: string
  /** A creator's source: opened only as a media file (see source-input.ts). Off for the studio's own output. */
  source?: boolean
}

async function ffprobeJson(target: string, options: FfprobeJsonOptions): Promise<FfprobeOutput> {
  const open = options.source ? [...sourceOpenOptions(), sourceUrl(target)] : [target]
  const result = await runMediaProcess({
    binary: options.ffprobePath,
    args: ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', ...open],
    label: options.label ?? `probe ${basename(target)}`,
    captureStdout: true,
    signal: options.signal,
    timeoutMs: options.timeoutMs ?? 60_000
  })
  return JSON.parse(result.stdout.toString('utf8')) as FfprobeOutput
}

/** "  Duration: 00:01:02.50, start: …" from ffmpeg's input banner. */
export function parseBannerDuration(line: string): number | undefined {
  const match = /^\s*Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(line)
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : undefined
}

/** "Input #0, mpegts, from '…':" from ffmpeg's input banner. */
export function parseBannerFormat(line: string): string | undefined {
  return /^Input #0, ([^,]+(?:,[^,]+)*?), from /.exec(line)?.[1]
}

/**
 * The bundled ffprobe (a 2023 static build) dies with SIGSEGV on every MPEG-TS file on some
 * machines, this one included, while the bundled ffmpeg reads the same files fine. When
 * ffprobe crashes, ffmpeg copies the first seconds into Matroska, ffprobe reads that, and the
 * real duration and container come from ffmpeg's own banner.
 */
async function probeThroughRemux(file: string, options: FfprobeJsonOptions): Promise<FfprobeOutput> {
  const dir = await mkdtemp(join(tmpdir(), 'hls-studio-probe-'))
  try {
    const copy = join(dir, 'head.mkv')
    let duration: number | undefined
    let format: string | undefined
    await runMediaProcess({
      binary: options.ffmpegPath,
      args: ['-hide_banner', '-nostdin', '-y', ...(options.source ? sourceInputArgs(file) : ['-i', file]), '-map', '0', '-c', 'copy', '-t', '5', '-f', 'matroska', copy],
      label: `probe (remux) ${basename(file)}`,
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? 60_000,
      onStderrLine: (line) => {
        duration ??= parseBannerDuration(line)
        format ??= parseBannerFormat(line)
      }
    })
    const output = await ffprobeJson(copy, { ...options, source: false })
    output.format = {
      ...output.format,
      format_name: format ?? output.format?.format_name,
      format_long_name: undefined,
      duration: duration !== undefined ? String(duration) : undefined,
      size: undefined,
      bit_rate: undefined
    }
    return output
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** ffprobe's JSON for a file, surviving an ffprobe that crashes on the container. */
export async function readFfprobeJson(file: string, options: FfprobeJsonOptions): Promise<FfprobeOutput> {
  try {
    return await ffprobeJson(file, options)
  } catch (error) {
    if (error instanceof MediaProcessFailure && error.signal !== null) return probeThroughRemux(file, options)
    throw error
  }
}
