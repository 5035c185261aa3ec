/**
 * The studio's own log: pino, the logger Fastify already speaks, injected into the engine and
 * each front end. JSON lines, one object each; secrets are censored by field name and
 * scrubbed from free text (see redact.ts) before a line is written.
 */
import { pino, type DestinationStream, type Logger } from 'pino'
import type { LogLevel } from '@shared/log-levels'
import { CENSORED, REDACT_PATHS, scrubSecrets } from './redact'

export type { Logger }

export interface StudioLog {
  logger: Logger
  /** Where a person finds these lines: a file path, or "standard error". Named in internal errors. */
  location: string
}

export interface LogDestination {
  stream: DestinationStream
  /** Lines below this level skip this destination (default: the log's level). */
  level?: LogLevel
}

export interface StudioLogOptions {
  level: LogLevel
  destinations: LogDestination[]
  location: string
  /** Fields on every line, e.g. `{ app: 'serve' }`. */
  base?: Record<string, unknown>
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value)
  if (depth > 6 || value === null || typeof value !== 'object') return value
  // This runs before pino's serializers: an error becomes its serialized form (stack, cause) here, then is scrubbed.
  if (value instanceof Error) return scrubDeep(pino.stdSerializers.errWithCause(value), depth + 1)
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, depth + 1))
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubDeep(item, depth + 1)]))
}

export function createStudioLog(options: StudioLogOptions): StudioLog {
  const { level, destinations } = options
  const stream =
    destinations.length === 1 && !destinations[0]!.level
      ? destinations[0]!.stream
      : pino.multistream(destinations.map((d) => ({ stream: d.stream, level: d.level ?? level })))
  const logger = pino(
    {
      level,
      base: { pid: process.pid, ...options.base },
      redact: { paths: REDACT_PATHS, censor: CENSORED },
      // `err` is serialized (with its cause) by scrubDeep already; pino's default would see a plain object.
      serializers: { err: (value: unknown) => value },
      formatters: { log: (object) => scrubDeep(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          // The message text (and any printf arguments) is scrubbed like every field.
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg) : arg)) as Parameters<typeof method>)
        }
      }
    },
    stream
  )
  return { logger, location: options.location }
}

/** For code run without a front end (tests, tools): logs nothing. */
export const SILENT_LOG: StudioLog = { logger: pino({ level: 'silent' }), location: 'nowhere (logging is off)' }
