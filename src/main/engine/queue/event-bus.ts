import type { StudioEvent } from '@shared/events'
import type { Job } from '@shared/job'
import { systemClock, type Clock, type ClockTimer } from './clock'
import { SILENT_LOG, type StudioLog } from '../logging/studio-log'

export type StudioEventListener = (event: StudioEvent) => void

interface PendingUpdate {
  job: Job
  timer: ClockTimer
}

/**
 * The one stream every change goes through. Listeners get copies, so a window that keeps
 * an event cannot see it change later.
 *
 * Progress updates of one job are coalesced to at most one per `minIntervalMs` (10 a second
 * by default): the latest one is sent when the interval ends. A state change is never held
 * back or dropped: it flushes what was pending and goes out at once.
 */
export class StudioEventBus {
  private readonly listeners = new Set<StudioEventListener>()
  private readonly lastSent = new Map<string, number>()
  private readonly pending = new Map<string, PendingUpdate>()

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly minIntervalMs = 100,
    private readonly log: StudioLog = SILENT_LOG
  ) {}

  subscribe(listener: StudioEventListener): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  emit(event: StudioEvent): void {
    if ('job' in event) this.dropPending(event.job.id)
    if (event.type === 'job-removed') this.dropPending(event.jobId)
    this.deliver(event)
  }

  /** A job whose status changed: out at once. */
  jobChanged(job: Job): void {
    this.emit({ type: 'job-updated', job })
    this.lastSent.set(job.id, this.clock.now())
  }

  /** A job whose progress moved: coalesced. */
  jobProgressed(job: Job): void {
    const pending = this.pending.get(job.id)
    if (pending) {
      pending.job = job
      return
    }
    const wait = (this.lastSent.get(job.id) ?? -Infinity) + this.minIntervalMs - this.clock.now()
    if (wait <= 0) {
      this.lastSent.set(job.id, this.clock.now())
      this.deliver({ type: 'job-updated', job })
      return
    }
    const timer = this.clock.setTimeout(() => {
      const due = this.pending.get(job.id)
      this.pending.delete(job.id)
      if (!due) return
      this.lastSent.set(job.id, this.clock.now())
      this.deliver({ type: 'job-updated', job: due.job })
    }, wait)
    this.pending.set(job.id, { job, timer })
  }

  /** Drops every held-back update, e.g. on shutdown. */
  close(): void {
    for (const id of [...this.pending.keys()]) this.dropPending(id)
  }

  private dropPending(jobId: string): void {
    const pending = this.pending.get(jobId)
    if (!pending) return
    this.clock.clearTimeout(pending.timer)
    this.pending.delete(jobId)
  }

  private deliver(event: StudioEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(structuredClone(event))
      } catch (error) {
        // One broken window must not stop the others from hearing about the queue; the bug goes to the log.
        this.log.logger.error({ err: error, event: event.type }, 'an event listener failed')
      }
    }
  }
}
