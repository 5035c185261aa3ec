import { TRANSIENT_ERROR_CODES, type StudioErrorValue } from '@shared/errors'

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number
  /** Wait before the second attempt; doubled before each later one. */
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 5 * 60_000 }

/**
 * Whether a failed attempt is tried again by itself. Only failures that may go away do
 * (a dropped connection, a busy bucket, a timeout); a file that is not media never does.
 */
export function shouldRetry(error: StudioErrorValue, attemptsMade: number, policy: RetryPolicy): boolean {
  return TRANSIENT_ERROR_CODES.has(error.code) && attemptsMade < policy.maxAttempts
}

/** Wait after attempt `attemptsMade` failed: base, 2×base, 4×base… capped. */
export function backoffDelayMs(attemptsMade: number, policy: RetryPolicy): number {
  const exponent = Math.max(0, attemptsMade - 1)
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent)
}
