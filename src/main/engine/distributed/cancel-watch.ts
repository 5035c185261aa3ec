import type { Redis } from 'ioredis'
import { cancelKey } from './chunk-queue'

const CHECK_EVERY_MS = 500

/**
 * Aborts `controller` once the coordinator marks the chunk cancelled. A mark in Redis rather
 * than a pub/sub message: it is still there for a worker that was reconnecting when it was set.
 * Returns the stop function.
 */
export function watchForCancel(redis: Redis, workId: string, controller: AbortController): () => void {
  let checking = false
  const timer = setInterval(() => {
    if (checking || controller.signal.aborted) return
    checking = true
    redis
      .exists(cancelKey(workId))
      .then((found) => {
        if (found) controller.abort(new Error('the job was cancelled'))
      })
      // Redis away: the check is tried again on the next tick.
      .catch(() => undefined)
      .finally(() => (checking = false))
  }, CHECK_EVERY_MS)
  timer.unref()
  return () => clearInterval(timer)
}

/** A progress callback that passes at most one call per interval on (BullMQ progress is a Redis write). */
export function throttled<T>(intervalMs: number, send: (value: T) => void): (value: T) => void {
  let last = 0
  return (value) => {
    const now = Date.now()
    if (now - last < intervalMs) return
    last = now
    send(value)
  }
}
