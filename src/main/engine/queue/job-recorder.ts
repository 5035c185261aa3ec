import type { JobLogLevel } from '@shared/log-levels'
import { StudioError } from '@shared/errors'
import type { Job, JobProgress, JobStatus } from '@shared/job'
import type { Clock } from './clock'
import type { StudioEventBus } from './event-bus'
import type { JobLogs } from './job-log'
import type { JobStore } from './job-store'
import { transition } from './state-machine'

export type JobPatch = Partial<Omit<Job, 'id' | 'status'>>

const FINAL_EVENT = {
  COMPLETED: 'job-completed',
  FAILED: 'job-failed',
  CANCELLED: 'job-cancelled'
} as const

/** Applies a patch where `undefined` means "remove the field", so the stored JSON stays clean. */
function applyPatch(job: Job, patch: JobPatch): Job {
  const next: Job = { ...job, ...patch }
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete (next as unknown as Record<string, unknown>)[key]
  }
  return next
}

/**
 * The single way a job changes: it is persisted, announced on the event stream and noted
 * in the job's log, in that order. The in-memory store is updated before the first await,
 * so changes made in one turn of the event loop cannot overtake each other.
 */
export class JobRecorder {
  private announced: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly store: JobStore,
    private readonly bus: StudioEventBus,
    private readonly logs: JobLogs,
    private readonly clock: Clock
  ) {}

  private now(): Date {
    return new Date(this.clock.now())
  }

  get(jobId: string): Job {
    const job = this.store.getJob(jobId)
    if (!job) throw new StudioError('NOT_FOUND', `No job ${jobId}. List jobs with \`hls-studio jobs\`.`)
    return job
  }

  async create(jobs: readonly Job[]): Promise<void> {
    await this.store.putJobs(jobs)
    for (const job of jobs) {
      const source = job.source.kind === 'file' ? job.source.path : 'a URL'
      this.log(job.id, `queued "${job.title}" from ${source}`, 'info')
      this.bus.emit({ type: 'job-created', job })
    }
  }

  /** A status change: written at once, announced at once, never coalesced away. */
  async transition(jobId: string, to: JobStatus, patch: JobPatch = {}): Promise<Job> {
    const current = this.get(jobId)
    const next = applyPatch(transition(current, to, this.now()), patch)
    const saved = this.store.putJobs([next])
    this.log(jobId, `${current.status} → ${to}${next.error && to !== 'QUEUED' ? `: ${next.error.message}` : ''}`, to === 'FAILED' ? 'error' : 'info')
    await this.announceInOrder(saved, () => {
      if (to in FINAL_EVENT) this.bus.emit({ type: FINAL_EVENT[to as keyof typeof FINAL_EVENT], job: next })
      else this.bus.jobChanged(next)
    })
    return next
  }

  /**
   * Takes a QUEUED job into `to` through the store's claim: written, announced and logged like
   * a transition, or undefined (nothing changed) when another claimer got it first.
   */
  async claim(jobId: string, to: JobStatus, patch: JobPatch = {}): Promise<Job | undefined> {
    let claimed: Job | undefined
    const taking = this.store.claim(jobId, (queued) => applyPatch(transition(queued, to, this.now()), patch)).then((job) => {
      claimed = job
    })
    await this.announceInOrder(taking, () => {
      if (claimed) this.bus.jobChanged(claimed)
    })
    if (claimed) this.log(jobId, `QUEUED → ${to}`, 'info')
    return claimed
  }

  /**
   * Announces a change once it is on disk, and never before an earlier change: the store's
   * writer may settle a later write before an earlier one, but listeners must see states
   * in the order they happened.
   */
  private announceInOrder(saved: Promise<void>, announce: () => void): Promise<void> {
    const turn = Promise.all([this.announced, saved]).then(announce)
    // The chain only orders announcements; the caller awaits `turn` and gets its failure.
    this.announced = turn.catch(() => undefined)
    return turn
  }

  /** A change that is not a status change (priority, position…): written and announced at once. */
  async patch(jobs: ReadonlyArray<{ id: string; patch: JobPatch }>): Promise<Job[]> {
    const next = jobs.map(({ id, patch }) => applyPatch(this.get(id), { ...patch, updatedAt: this.now().toISOString() }))
    await this.announceInOrder(this.store.putJobs(next), () => {
      for (const job of next) this.bus.jobChanged(job)
    })
    return next
  }

  /** Progress: kept in memory at once, written about once a second, announced at most ten times a second. */
  progress(jobId: string, progress: JobProgress): void {
    const job = this.store.getJob(jobId)
    if (!job) return
    const next: Job = { ...job, progress }
    this.store.putProgress(next)
    this.bus.jobProgressed(next)
  }

  log(jobId: string, line: string, level: JobLogLevel): void {
    const entry = { jobId, at: this.now().toISOString(), level, line }
    this.logs.append(entry)
    this.bus.emit({ type: 'job-log', log: entry })
  }

  async remove(jobId: string): Promise<void> {
    await this.store.removeJob(jobId)
    await this.logs.remove(jobId)
    this.bus.emit({ type: 'job-removed', jobId })
  }
}
