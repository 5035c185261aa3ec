/**
 * Log levels, named once. The studio's own log (pino) uses LOG_LEVELS; a job's log, which a
 * person reads in the job detail, uses the three JOB_LOG_LEVELS.
 */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value)
}

export const JOB_LOG_LEVELS = ['info', 'warn', 'error'] as const
export type JobLogLevel = (typeof JOB_LOG_LEVELS)[number]

/** The callback every step of a job writes its log lines through. */
export type OnLog = (line: string, level: JobLogLevel) => void
