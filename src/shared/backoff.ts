/** The studio's one backoff formula, for the engine's retries and the page's reconnects alike. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number
  /** Wait after the first failed attempt; doubled after each later one, up to maxDelayMs. */
  baseDelayMs: number
  maxDelayMs: number
  /** Share of each wait that is random: 0 gives exact waits, 0.5 AWS's "equal jitter". Default 0. */
  jitter?: number
}

/** Wait after attempt `attemptsMade` failed: base, 2×base, 4×base… capped, with `jitter` of it random. */
export function backoffDelayMs(attemptsMade: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1))
  const jitter = policy.jitter ?? 0
  return ceiling * (1 - jitter) + random() * ceiling * jitter
}
