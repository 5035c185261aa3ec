import { LOG_LEVELS, type LogLevel } from '@shared/log-levels'
import { dataPaths } from '../data-dir'
import { RotatingLogFile, type RotationLimits } from './rotating-log-file'
import { createStudioLog, type LogDestination, type StudioLog } from './studio-log'

export interface DataDirLog extends StudioLog {
  close(): void
}

export interface DataDirLogOptions {
  /** The file's level (default info: one line per request and per job state change). */
  level?: LogLevel
  /** More destinations beside the file, e.g. the terminal at --log-level. */
  also?: LogDestination[]
  base?: Record<string, unknown>
  rotation?: RotationLimits
}

/** The studio's log file in the data dir (`studio.log`, rotated), as the desktop app and serve write it. */
export function openDataDirLog(dataDir: string, options: DataDirLogOptions = {}): DataDirLog {
  const file = new RotatingLogFile(dataPaths(dataDir).studioLog, options.rotation)
  const fileLevel = options.level ?? 'info'
  const destinations: LogDestination[] = [{ stream: file, level: fileLevel }, ...(options.also ?? [])]
  const levels = destinations.map((d) => d.level ?? fileLevel)
  const log = createStudioLog({ level: lowest(levels), destinations, location: file.path, base: options.base })
  return { ...log, close: () => file.close() }
}

/** LOG_LEVELS runs from the most to the least talkative. */
function lowest(levels: LogLevel[]): LogLevel {
  return levels.reduce((a, b) => (LOG_LEVELS.indexOf(a) <= LOG_LEVELS.indexOf(b) ? a : b))
}
