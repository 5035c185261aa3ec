import type { OnLog } from '@shared/log-levels'
import { mkdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { StudioError } from '@shared/errors'
import type { MediaInfo } from '@shared/media'
import { normalizePlaylistFile } from '../hls/normalize'
import { foldRuntTail } from '../hls/segment-join'
import { PLAYLIST_NAME, type EncodeCommand } from './encode-args'
import { EtaEstimator } from './eta'
import { MediaProcessFailure, runMediaProcess } from './runner'

export interface EncodeProgress {
  /** 0–100 of the encode itself. */
  percent: number
  currentVariant: string
  variantIndex: number
  variantCount: number
  variantPercent: number
  fps?: number
  speed?: number
  etaSeconds?: number
  /** Chunked encodes (chunks/): chunks finished, of how many. */
  completedChunks?: number
  totalChunks?: number
  /** Chunked encodes: media segments the finished package will hold, all renditions together. */
  totalSegments?: number
}

export interface RunEncodeInput {
  ffmpegPath: string
  commands: EncodeCommand[]
  info: MediaInfo
  /** Package folder: the cwd of ffmpeg, so every output path in the arguments is relative. */
  workDir: string
  signal?: AbortSignal
  onProgress?: (progress: EncodeProgress) => void
  onLog?: OnLog
  /** The plan's segment length: a last segment shorter than a third of it is folded into the one before. */
  segmentSeconds?: number
  /** ffmpeg silent for this long is considered stuck. */
  stallTimeoutMs?: number
  /** Longest one command may run: frames that keep coming never trip the stall limit. */
  timeoutMs?: number
  env?: Record<string, string>
}

const TRUNCATED_HINTS = /partial file|moov atom not found|Truncat|unexpected EOF|end of file|Error while decoding/i
const NOT_MEDIA_HINTS = /Invalid data found when processing input|could not find codec parameters|does not contain any stream/i

function explainEncodeFailure(error: MediaProcessFailure, info: MediaInfo): StudioError {
  const name = basename(info.path)
  const tail = error.stderrTail.join('\n')
  // The cause keeps ffmpeg's stderr, so a hardware failure can be explained in ffmpeg's own words.
  const cause = { cause: error }
  if (NOT_MEDIA_HINTS.test(tail)) {
    return new StudioError('NOT_MEDIA', `ffmpeg could not decode this file (${name}): ${error.message}`, cause)
  }
  if (TRUNCATED_HINTS.test(tail)) {
    return new StudioError('TRUNCATED', `This file looks incomplete or damaged (${name}): ${error.message}`, cause)
  }
  return new StudioError('FFMPEG_FAILED', `Encoding failed (${name}): ${error.message}`, cause)
}

/**
 * Runs the encode commands one after another (one command normally writes every variant)
 * and turns ffmpeg's progress into job progress.
 */
export async function runEncode(input: RunEncodeInput): Promise<{ stderrTail: string[] }> {
  const { commands, info } = input
  const variantCount = commands.reduce((n, c) => n + c.variantIds.length, 0)
  const duration = info.durationSeconds
  const stderrTail: string[] = []
  let variantsDone = 0

  const foldersOf = (command: EncodeCommand): string[] => [...command.variantIds, ...(command.renditionIds ?? [])]
  for (const command of commands) {
    for (const id of foldersOf(command)) await mkdir(join(input.workDir, id), { recursive: true })
  }

  for (const command of commands) {
    const eta = new EtaEstimator(duration)
    input.onLog?.(`ffmpeg ${command.args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`, 'info')
    try {
      const result = await runMediaProcess({
        binary: input.ffmpegPath,
        args: command.args,
        cwd: input.workDir,
        env: input.env,
        label: `encode ${basename(info.path)} (${command.label})`,
        signal: input.signal,
        stallTimeoutMs: input.stallTimeoutMs ?? 180_000,
        timeoutMs: input.timeoutMs,
        onStderrLine: (line) => input.onLog?.(line, 'info'),
        onProgress: (p) => {
          const position = Math.min(duration, p.outTimeSeconds ?? 0)
          const commandPercent = duration > 0 ? (position / duration) * 100 : 0
          const share = command.variantIds.length / variantCount
          const { speed, etaSeconds } = eta.update(position)
          input.onProgress?.({
            percent: Math.min(100, ((variantsDone / variantCount) * 100 + commandPercent * share)),
            currentVariant: command.label,
            variantIndex: variantsDone + 1,
            variantCount,
            variantPercent: p.done ? 100 : Math.min(100, commandPercent),
            fps: p.fps,
            speed: p.speed ?? speed,
            etaSeconds
          })
        }
      })
      stderrTail.push(...result.stderrTail)
    } catch (error) {
      if (error instanceof MediaProcessFailure) throw explainEncodeFailure(error, info)
      throw error
    }
    // Before anything reads them: the same rules for every ffmpeg version (see normalize.ts),
    // and no runt segment at the end.
    for (const id of foldersOf(command)) {
      const playlist = join(input.workDir, id, PLAYLIST_NAME)
      await normalizePlaylistFile(playlist)
      if (input.segmentSeconds) await foldRuntTail(playlist, input.segmentSeconds)
    }
    variantsDone += command.variantIds.length
  }
  return { stderrTail }
}
