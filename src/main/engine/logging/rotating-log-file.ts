import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

export interface RotationLimits {
  /** A file grows to about this size before it is rotated (default 5 MiB). */
  maxBytes?: number
  /** Rotated files kept beside the live one: `<path>.1` (newest) … `<path>.<keep>` (default 3). */
  keep?: number
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024
const DEFAULT_KEEP = 3

/**
 * A log file that rotates by size, as a pino destination (anything with `write(line)`).
 * Writes are synchronous appends: the studio logs a few lines a second at most, and a line
 * written before a crash is the one that explains it. No Electron here, so tests drive it.
 */
export class RotatingLogFile {
  private fd: number
  private closed = false
  private size: number
  private readonly maxBytes: number
  private readonly keep: number

  constructor(
    readonly path: string,
    limits: RotationLimits = {}
  ) {
    this.maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES
    this.keep = Math.max(1, limits.keep ?? DEFAULT_KEEP)
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    this.fd = this.open()
    this.size = fstatSync(this.fd).size
  }

  write(line: string): void {
    // A line logged while the app quits, after close, is dropped rather than thrown into the quit.
    if (this.closed) return
    const bytes = Buffer.byteLength(line)
    // A line is never split across files, so a file may end up one line over its limit.
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate()
    writeSync(this.fd, line)
    this.size += bytes
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    closeSync(this.fd)
  }

  private open(): number {
    // The log names files and targets: only the data dir's owner may read it.
    return openSync(this.path, 'a', 0o600)
  }

  private rotate(): void {
    closeSync(this.fd)
    rmSync(`${this.path}.${this.keep}`, { force: true })
    for (let n = this.keep - 1; n >= 1; n--) renameIfThere(`${this.path}.${n}`, `${this.path}.${n + 1}`)
    renameSync(this.path, `${this.path}.1`)
    this.fd = this.open()
    this.size = 0
  }
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to)
  } catch (error) {
    // Fewer rotated files than `keep` so far: nothing to move.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}
