import { StudioError } from '@shared/errors'
import { isLogLevel, LOG_LEVELS, type LogLevel } from '@shared/log-levels'
import { dataPaths, resolveDataDir } from '../engine/data-dir'
import type { MediaToolkit } from '../engine/media/toolkit'
import type { CliStreams } from './reporter'
import { DEFAULT_CLI_LOG_LEVEL } from './log-defaults'

/** Options every command understands, set on the root program. */
export interface GlobalOptions {
  dataDir?: string
  ffmpeg?: string
  ffprobe?: string
  logLevel?: string
}

export interface CliContext {
  streams: CliStreams
  env: NodeJS.ProcessEnv
  cwd: string
  /** Aborted on Ctrl-C / SIGTERM: every command stops its work through it. */
  signal: AbortSignal
  /** What the process exits with once the command is done: 0 ok, 1 a job failed, 2 usage error. */
  exitCode: number
  /** The folder the studio runs from when built (`out/`): never an output folder. */
  buildDir?: string
}

export function dataDirOf(options: GlobalOptions, ctx: CliContext): string {
  return resolveDataDir(options.dataDir, ctx.env)
}

export function logLevelOf(options: GlobalOptions): LogLevel {
  const text = options.logLevel
  if (text === undefined) return DEFAULT_CLI_LOG_LEVEL
  if (!isLogLevel(text)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not "${text}".`)
  return text
}

export async function toolkitFor(options: GlobalOptions, ctx: CliContext, refresh = false): Promise<MediaToolkit> {
  const { loadMediaToolkit } = await import('../engine/media/toolkit')
  return loadMediaToolkit({
    overrides: { ffmpeg: options.ffmpeg, ffprobe: options.ffprobe },
    cacheFile: dataPaths(dataDirOf(options, ctx)).capabilities,
    env: ctx.env,
    refresh
  })
}

/** Thrown for bad flags or arguments: the program exits with code 2. */
export class UsageError extends StudioError {
  constructor(message: string) {
    super('INVALID_INPUT', message)
    this.name = 'UsageError'
  }
}
