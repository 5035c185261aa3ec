import { withRetry, type RetryOptions, type RetryPolicy } from '../retry'
import { isRetryableStorageError } from './storage-errors'

/** rclone's default is 3 low-level retries; objects here get 6 tries spread over ~20 s. */
export const STORAGE_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 300, maxDelayMs: 8_000, jitter: 0.5 }

/** One bucket request, retried on 5xx, 429, SlowDown and resets (the engine's one retry loop). */
export function retryStorage<T>(task: () => Promise<T>, options: Partial<RetryOptions> = {}): Promise<T> {
  return withRetry(task, { ...options, policy: options.policy ?? STORAGE_RETRY_POLICY, isRetryable: options.isRetryable ?? isRetryableStorageError })
}
