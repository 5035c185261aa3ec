import type { LogLevel } from '@shared/log-levels'

// Apart from stderr-log.ts so that start-up (commander, --help) does not load pino.

/** Where the command line's log lines go, named in internal errors. */
export const CLI_LOG_LOCATION = 'standard error (more with --log-level debug)'
export const DEFAULT_CLI_LOG_LEVEL: LogLevel = 'warn'
