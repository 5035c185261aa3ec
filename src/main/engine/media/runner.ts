import { spawn } from 'node:child_process'
import { basename } from 'node:path'
import { StudioError } from '@shared/errors'
import { FfmpegProgressParser, type FfmpegProgress } from './progress'
import { processRegistry, type ProcessRegistry } from './process-registry'

export interface RunMediaOptions {
  binary: string
  args: readonly string[]
  /** What this run is for, shown in logs and in the registry. */
  label: string
  cwd?: string
  /** Added to the inherited environment, e.g. FONTCONFIG_FILE for burned-in subtitles. */
  env?: Record<string, string>
  signal?: AbortSignal
  /** Hard limit for the whole run. */
  timeoutMs?: number
  /** Limit on silence: no stdout or stderr for this long means ffmpeg is stuck. */
  stallTimeoutMs?: number
  /** When set, stdout is read as `-progress pipe:1` output. */
  onProgress?: (progress: FfmpegProgress) => void
  onStderrLine?: (line: string) => void
  /** Keep stdout (ffprobe JSON, `-encoders` listings, raw bitstreams). Bounded by maxStdoutBytes. */
  captureStdout?: boolean
  maxStdoutBytes?: number
  stderrTailLines?: number
  /** How long SIGTERM gets before SIGKILL. */
  killGraceMs?: number
  registry?: ProcessRegistry
}

export interface RunMediaResult {
  stdout: Buffer
  stderrTail: string[]
  durationMs: number
}

/** ffmpeg ran but did not succeed. Callers turn the stderr tail into plain words. */
export class MediaProcessFailure extends StudioError {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderrTail: string[]
  ) {
    super('FFMPEG_FAILED', message)
    this.name = 'MediaProcessFailure'
  }
}

/** A bounded tail of stderr lines: a long encode must not accumulate megabytes of warnings. */
class LineTail {
  private readonly lines: string[] = []
  private partial = ''

  constructor(
    private readonly limit: number,
    private readonly onLine?: (line: string) => void
  ) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n|\r/)
    this.partial = parts.pop() ?? ''
    for (const line of parts) this.add(line)
    // A runaway line without newlines must not grow forever either.
    if (this.partial.length > 8192) this.partial = this.partial.slice(-8192)
  }

  end(): string[] {
    if (this.partial) this.add(this.partial)
    this.partial = ''
    return [...this.lines]
  }

  private add(line: string): void {
    if (!line.trim()) return
    this.lines.push(line)
    if (this.lines.length > this.limit) this.lines.shift()
    this.onLine?.(line)
  }
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`
}

/** The most telling stderr line: ffmpeg puts the real reason last, after context lines. */
export function summarizeStderr(tail: readonly string[]): string {
  const meaningful = tail.filter((l) => !/^\s*(Conversion failed!|Exiting normally)/.test(l))
  return (meaningful.at(-1) ?? tail.at(-1) ?? '').replace(/^\[[^\]]+ @ 0x[0-9a-f]+\]\s*/, '').trim()
}

/**
 * The one place the studio starts ffmpeg or ffprobe. Arguments go straight to the
 * process (never through a shell), every child is registered, and every way a run
 * can end (exit, crash, abort, timeout, stall) settles the promise exactly once.
 */
export function runMediaProcess(options: RunMediaOptions): Promise<RunMediaResult> {
  const registry = options.registry ?? processRegistry
  const tool = basename(options.binary).replace(/\.exe$/i, '')
  const started = Date.now()

  return new Promise<RunMediaResult>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new StudioError('CANCELLED', 'Cancelled before it started.'))
      return
    }

    const child = spawn(options.binary, [...options.args], {
      cwd: options.cwd,
      env: options.env ? { ...process.env, ...options.env } : undefined,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true
    })

    const stderr = new LineTail(options.stderrTailLines ?? 40, options.onStderrLine)
    const stdoutChunks: Buffer[] = []
    let stdoutBytes = 0
    const maxStdout = options.maxStdoutBytes ?? 64 * 1024 * 1024
    const progressParser = options.onProgress ? new FfmpegProgressParser(options.onProgress) : undefined

    let settled = false
    let stopReason: StudioError | undefined
    let killTimer: NodeJS.Timeout | undefined
    let stallTimer: NodeJS.Timeout | undefined

    const stop = (reason: StudioError): void => {
      if (stopReason || child.exitCode !== null || child.signalCode !== null) return
      stopReason = reason
      child.kill('SIGTERM')
      killTimer = setTimeout(() => child.kill('SIGKILL'), options.killGraceMs ?? 3000)
      killTimer.unref()
    }

    const unregister = registry.add({
      child,
      label: options.label,
      stop: (why) => stop(new StudioError('CANCELLED', `Stopped: ${why ?? 'shutting down'}.`))
    })

    const onAbort = (): void => stop(new StudioError('CANCELLED', 'Cancelled.'))
    options.signal?.addEventListener('abort', onAbort, { once: true })

    const timeoutTimer = options.timeoutMs
      ? setTimeout(
          () =>
            stop(new StudioError('TIMEOUT', `${tool} took longer than ${seconds(options.timeoutMs!)} and was stopped (${options.label}).`)),
          options.timeoutMs
        )
      : undefined

    const touch = (): void => {
      if (!options.stallTimeoutMs) return
      if (stallTimer) clearTimeout(stallTimer)
      stallTimer = setTimeout(
        () =>
          stop(
            new StudioError(
              'TIMEOUT',
              `${tool} made no progress for ${seconds(options.stallTimeoutMs!)} and was stopped (${options.label}).`
            )
          ),
        options.stallTimeoutMs
      )
    }
    touch()

    child.stdout.on('data', (chunk: Buffer) => {
      touch()
      if (progressParser) progressParser.push(chunk.toString('utf8'))
      if (options.captureStdout && stdoutBytes < maxStdout) {
        stdoutChunks.push(chunk)
        stdoutBytes += chunk.length
      }
    })
    child.stderr.on('data', (chunk: Buffer) => {
      touch()
      stderr.push(chunk.toString('utf8'))
    })

    const finish = (outcome: () => void): void => {
      if (settled) return
      settled = true
      unregister()
      options.signal?.removeEventListener('abort', onAbort)
      for (const timer of [timeoutTimer, stallTimer, killTimer]) if (timer) clearTimeout(timer)
      outcome()
    }

    child.once('error', (error: NodeJS.ErrnoException) => {
      finish(() => {
        const missing = error.code === 'ENOENT' || error.code === 'EACCES'
        reject(
          missing
            ? new StudioError('FFMPEG_MISSING', `Cannot start ${tool} at ${options.binary} (${error.code}).`)
            : new StudioError('FFMPEG_FAILED', `Cannot start ${tool}: ${error.message}`)
        )
      })
    })

    child.once('close', (code, signal) => {
      progressParser?.flush()
      const tail = stderr.end()
      finish(() => {
        if (stopReason) return reject(stopReason)
        if (code === 0) {
          return resolve({ stdout: Buffer.concat(stdoutChunks), stderrTail: tail, durationMs: Date.now() - started })
        }
        const why = summarizeStderr(tail)
        const how = signal ? `crashed (${signal})` : `exited with code ${code}`
        reject(new MediaProcessFailure(`${tool} ${how}${why ? `: ${why}` : ''}`, code, signal, tail))
      })
    })
  })
}
