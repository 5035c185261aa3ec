import { StudioError } from '@shared/errors'
import { dataPaths, resolveDataDir } from '../engine/data-dir'
import type { MediaToolkit } from '../engine/media/toolkit'
import type { CliStreams } from './reporter'

/** Options every command understands, set on the root program. */
export interface GlobalOptions {
  dataDir?: string
  ffmpeg?: string
  ffprobe?: string
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
