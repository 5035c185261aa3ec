import type { DestinationStream } from 'pino'
import type { LogLevel } from '@shared/log-levels'
import { createStudioLog, type StudioLog } from '../engine/logging/studio-log'
import { logLevelOf, type CliContext, type GlobalOptions } from './context'
import { CLI_LOG_LOCATION } from './log-defaults'


const PINO_LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warning', 50: 'error', 60: 'fatal' }

/**
 * pino's JSON lines, as a person reads them in a terminal: "warning: <message>", then the
 * stack of an error when there is one. The JSON stays the format of the log files.
 */
export function terminalLines(write: (text: string) => void): DestinationStream {
  return {
    write(line: string) {
      const record = JSON.parse(line) as { level: number; msg?: string; err?: { stack?: string } }
      const stack = record.err?.stack ? `\n${record.err.stack.replace(/^/gm, '    ')}` : ''
      write(`${PINO_LEVEL_NAMES[record.level] ?? 'log'}: ${record.msg ?? ''}${stack}\n`)
    }
  }
}

/** The command line's log: text on standard error at --log-level (default warn). */
export function stderrLog(level: LogLevel, stderr: { write(text: string): unknown }): StudioLog {
  return createStudioLog({ level, destinations: [{ stream: terminalLines((text) => stderr.write(text)) }], location: CLI_LOG_LOCATION })
}

/** The command's log on standard error, at --log-level (default warn). */
export function cliLogOf(options: GlobalOptions, ctx: CliContext): StudioLog {
  return stderrLog(logLevelOf(options), ctx.streams.stderr)
}
