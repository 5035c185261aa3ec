import { TRANSIENT_ERROR_CODES, type StudioErrorValue } from '@shared/errors'
import type { RetryPolicy } from '../retry'

/** A failed job waits 10 s, then 20 s (exact: the job detail says when it runs again). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 5 * 60_000 }

/**
 * Whether a failed attempt is tried again by itself. Only failures that may go away do
 * (a dropped connection, a busy bucket, a timeout); a file that is not media never does.
 */
export function shouldRetry(error: StudioErrorValue, attemptsMade: number, policy: RetryPolicy): boolean {
  return TRANSIENT_ERROR_CODES.has(error.code) && attemptsMade < policy.maxAttempts
}
