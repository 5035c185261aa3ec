import { backoffDelayMs, type RetryPolicy } from '@shared/backoff'

/**
 * The one retry module: a policy, one backoff formula, a cancellable sleep and a loop that
 * tries again. The queue retries whole jobs with it (exact waits a person can read: 10 s,
 * then 20 s), storage retries single requests (with jitter, so eight parallel uploads that
 * fail together do not retry together). The formula itself is in shared: the page's
 * WebSocket reconnects with it too.
 */
export { backoffDelayMs, type RetryPolicy } from '@shared/backoff'

export function abortError(): Error {
  return Object.assign(new Error('Cancelled.'), { name: 'AbortError' })
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError())
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(abortError())
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export interface RetryOptions {
  policy: RetryPolicy
  /** Whether a failure may pass if tried again; anything else is thrown at once. */
  isRetryable: (error: unknown) => boolean
  signal?: AbortSignal
  /** Told before each wait; `retry` counts from 1. */
  onRetry?: (retry: number, error: unknown, delayMs: number) => void
}

/** Runs `task` until it succeeds, fails for good, runs out of attempts or is cancelled. */
export async function withRetry<T>(task: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy } = options
  for (let attempt = 1; ; attempt++) {
    try {
      return await task()
    } catch (error) {
      if (options.signal?.aborted) throw abortError()
      if (attempt >= policy.maxAttempts || !options.isRetryable(error)) throw error
      const delay = backoffDelayMs(attempt, policy)
      options.onRetry?.(attempt, error, delay)
      await sleep(delay, options.signal)
    }
  }
}
