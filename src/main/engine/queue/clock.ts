/**
 * Time as the queue sees it. Backoff, throttling and watch-folder settling read the clock
 * through this, so tests can move time forward instead of waiting for it.
 */
export interface Clock {
  now(): number
  setTimeout(callback: () => void, ms: number): ClockTimer
  clearTimeout(timer: ClockTimer): void
}

export interface ClockTimer {
  readonly id: unknown
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    return { id: setTimeout(callback, ms) }
  },
  clearTimeout(timer) {
    clearTimeout(timer.id as NodeJS.Timeout)
  }
}
