import { toErrorValue, type StudioErrorValue } from '@shared/errors'
import type { StudioLog } from './studio-log'

/** Turns anything thrown into what a person is shown: a code and plain words. */
export type DescribeFailure = (error: unknown, context?: Record<string, unknown>) => StudioErrorValue

/** What a person sees for a bug: never its raw text, always where the details are. */
export function internalErrorMessage(location: string): string {
  return `Something went wrong inside the studio; the log at ${location} has the details.`
}

/**
 * Failures a person can act on pass through as they are. An INTERNAL one (a bug, or an
 * error nobody gave a code) is logged with its cause and stack, and shown in plain words
 * that say where the log is.
 */
export function failureDescriber(log: StudioLog): DescribeFailure {
  return (error, context = {}) => {
    const value = toErrorValue(error)
    if (value.code !== 'INTERNAL') return value
    log.logger.error({ ...context, err: error instanceof Error ? error : new Error(String(error)) }, `internal error: ${value.message}`)
    return { code: 'INTERNAL', message: internalErrorMessage(log.location) }
  }
}
