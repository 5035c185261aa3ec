/**
 * Parses what ffmpeg writes with `-progress pipe:1`: blocks of `key=value` lines,
 * each block closed by `progress=continue` or `progress=end`.
 */

export interface FfmpegProgress {
  frame?: number
  fps?: number
  bitrateKbps?: number
  totalSizeBytes?: number
  /** Position reached in the output, in seconds. */
  outTimeSeconds?: number
  /** Multiple of real time, e.g. 2.5 for "2.5x". */
  speed?: number
  dupFrames?: number
  dropFrames?: number
  done: boolean
}

function finiteOrUndefined(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined
}

function parseClock(value: string): number | undefined {
  // "00:01:02.345678"; older builds may print a negative time before the first packet.
  const match = /^(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value.trim())
  if (!match) return undefined
  const [, sign, h, m, s] = match
  const seconds = Number(h) * 3600 + Number(m) * 60 + Number(s)
  return sign ? -seconds : seconds
}

function applyField(progress: FfmpegProgress, key: string, raw: string): void {
  const value = raw.trim()
  if (value === 'N/A' || value === '') return
  switch (key) {
    case 'frame':
      progress.frame = finiteOrUndefined(Number(value))
      break
    case 'fps':
      progress.fps = finiteOrUndefined(Number(value))
      break
    case 'bitrate':
      progress.bitrateKbps = finiteOrUndefined(Number.parseFloat(value))
      break
    case 'total_size':
      progress.totalSizeBytes = finiteOrUndefined(Number(value))
      break
    case 'out_time_us':
    case 'out_time_ms': {
      // Both keys carry microseconds (out_time_ms is misnamed in ffmpeg).
      const micros = Number(value)
      if (Number.isFinite(micros)) progress.outTimeSeconds = Math.max(0, micros / 1e6)
      break
    }
    case 'out_time': {
      if (progress.outTimeSeconds === undefined) {
        const seconds = parseClock(value)
        if (seconds !== undefined) progress.outTimeSeconds = Math.max(0, seconds)
      }
      break
    }
    case 'speed':
      progress.speed = finiteOrUndefined(Number.parseFloat(value))
      break
    case 'dup_frames':
      progress.dupFrames = finiteOrUndefined(Number(value))
      break
    case 'drop_frames':
      progress.dropFrames = finiteOrUndefined(Number(value))
      break
    default:
      break
  }
}

/**
 * Feed it stdout chunks as they arrive; it calls `onProgress` once per completed block.
 * Lines may be split across chunks, so the parser keeps the unfinished tail.
 */
export class FfmpegProgressParser {
  private pending = ''
  private block: FfmpegProgress = { done: false }

  constructor(private readonly onProgress: (progress: FfmpegProgress) => void) {}

  push(chunk: string): void {
    this.pending += chunk
    let newline = this.pending.indexOf('\n')
    while (newline !== -1) {
      this.consumeLine(this.pending.slice(0, newline))
      this.pending = this.pending.slice(newline + 1)
      newline = this.pending.indexOf('\n')
    }
  }

  /** Call when the stream ends, so a last line without a newline still counts. */
  flush(): void {
    if (this.pending) this.consumeLine(this.pending)
    this.pending = ''
  }

  private consumeLine(rawLine: string): void {
    const line = rawLine.replace(/\r$/, '')
    const eq = line.indexOf('=')
    if (eq <= 0) return
    const key = line.slice(0, eq).trim()
    const value = line.slice(eq + 1)
    if (key === 'progress') {
      const finished: FfmpegProgress = { ...this.block, done: value.trim() === 'end' }
      this.block = { done: false }
      this.onProgress(finished)
      return
    }
    applyField(this.block, key, value)
  }
}

/** Parses a whole `-progress` transcript at once; handy for tests and logs. */
export function parseProgressTranscript(text: string): FfmpegProgress[] {
  const blocks: FfmpegProgress[] = []
  const parser = new FfmpegProgressParser((p) => blocks.push(p))
  parser.push(text)
  parser.flush()
  return blocks
}
