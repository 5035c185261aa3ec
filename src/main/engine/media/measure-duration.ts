import { runMediaProcess } from './runner'
import { sourceInputArgs } from './source-input'

/**
 * A source whose header has no duration (browser MediaRecorder WebM, live captures written to
 * a pipe) is read to its end without decoding: a stream copy into the null muxer reports how
 * far it got. That is the length progress and the length check measure against.
 */
export async function measureDuration(
  file: string,
  streamIndex: number,
  options: { ffmpegPath: string; signal?: AbortSignal; timeoutMs?: number }
): Promise<number | undefined> {
  let seconds: number | undefined
  await runMediaProcess({
    binary: options.ffmpegPath,
    args: ['-hide_banner', '-nostdin', '-v', 'error', '-nostats', '-progress', 'pipe:1', ...sourceInputArgs(file), '-map', `0:${streamIndex}`, '-c', 'copy', '-f', 'null', '-'],
    label: 'measure duration',
    signal: options.signal,
    timeoutMs: options.timeoutMs ?? 300_000,
    onProgress: (p) => {
      if (p.outTimeSeconds !== undefined && p.outTimeSeconds > 0) seconds = p.outTimeSeconds
    }
  })
  return seconds
}
