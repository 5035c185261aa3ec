import { isRetryableStorageError } from './storage-errors'

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

/** rclone's default is 3 low-level retries; objects here get 6 tries spread over ~20 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 6, baseDelayMs: 300, maxDelayMs: 8_000 }

export function abortError(): Error {
  return Object.assign(new Error('Cancelled.'), { name: 'AbortError' })
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
  return ceiling / 2 + random() * (ceiling / 2)
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
  policy?: RetryPolicy
  signal?: AbortSignal
  isRetryable?: (error: unknown) => boolean
  /** Told before each wait; `retry` counts from 1. */
  onRetry?: (retry: number, error: unknown, delayMs: number) => void
}

/** Runs `task` until it succeeds, fails for good, runs out of tries or is cancelled. */
export async function withRetry<T>(task: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY
  const retryable = options.isRetryable ?? isRetryableStorageError
  for (let attempt = 1; ; attempt++) {
    try {
      return await task()
    } catch (error) {
      if (options.signal?.aborted) throw abortError()
      if (attempt >= policy.attempts || !retryable(error)) throw error
      const delay = backoffDelayMs(attempt, policy)
      options.onRetry?.(attempt, error, delay)
      await sleep(delay, options.signal)
    }
  }
}
