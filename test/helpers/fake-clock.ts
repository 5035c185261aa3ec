import type { Clock, ClockTimer } from '../../src/main/engine/queue/clock'

interface Scheduled {
  id: number
  at: number
  callback: () => void
}

/**
 * A clock that only moves when the test says so. Timers fire in time order during
 * `advance`, so backoff and throttling can be checked without waiting or timing.
 */
export class FakeClock implements Clock {
  private time: number
  private nextId = 1
  private timers: Scheduled[] = []

  constructor(start = Date.parse('2025-01-01T00:00:00Z')) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  setTimeout(callback: () => void, ms: number): ClockTimer {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), callback }
    this.timers.push(timer)
    return { id: timer.id }
  }

  clearTimeout(timer: ClockTimer): void {
    this.timers = this.timers.filter((t) => t.id !== timer.id)
  }

  /** Timers still waiting, soonest first: what the code under test has scheduled. */
  pending(): number[] {
    return this.timers.map((t) => t.at - this.time).sort((a, b) => a - b)
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0]
      if (!due) break
      this.timers = this.timers.filter((t) => t !== due)
      this.time = due.at
      due.callback()
    }
    this.time = end
  }
}
