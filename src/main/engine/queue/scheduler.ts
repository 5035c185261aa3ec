import { StudioError, toErrorValue } from '@shared/errors'
import type { Job, JobStatus } from '@shared/job'
import type { Clock, ClockTimer } from './clock'
import type { JobRecorder, JobPatch } from './job-recorder'
import { overallPercent } from './job-progress'
import type { JobStore } from './job-store'
import type { JobWork, StageContext } from './job-work'
import { isDue, laneOf, queuedInOrder, type Lane } from './queue-order'
import { DEFAULT_RETRY_POLICY } from './retry-policy'
import type { RetryPolicy } from '../retry'
import { settleFailure, type StopReason } from './settle-failure'
import type { DescribeFailure } from '../logging/internal-error'
import { StudioStopping } from '../pipeline/studio-stopping'

export interface LaneLimits {
  /** Encodes at once. One encode already fills every core, so the default is 1. */
  encode: number
  download: number
  /** Uploads run beside the next encode: they use the network, not the CPU. */
  upload: number
  /** Downloads finished ahead of the encoder, so the next encode can start at once. */
  prefetch: number
}

export const DEFAULT_LANE_LIMITS: LaneLimits = { encode: 1, download: 1, upload: 2, prefetch: 1 }

export interface SchedulerOptions {
  store: JobStore
  recorder: JobRecorder
  work: JobWork
  clock: Clock
  limits?: Partial<LaneLimits>
  retry?: RetryPolicy
  /** Turns a failure into what the job shows (an internal one is logged first); default: as thrown. */
  describeFailure?: DescribeFailure
  /** Called when what the queue looks like changed (a job started or ended). */
  onQueueChanged?: () => void
}


interface RunningJob {
  lane: Lane
  controller: AbortController
  stopReason?: StopReason
  settled: Promise<void>
}

const FIRST_STATUS: Record<Lane, JobStatus> = { download: 'DOWNLOADING', encode: 'PROBING', upload: 'UPLOADING' }

/**
 * Takes queued jobs in order and runs them in three lanes (download, encode, upload), each
 * with its own limit. A job moves straight on to its next lane when there is room, else it
 * waits in the queue (QUEUED) until there is. Failures that may pass are retried with
 * exponential backoff; everything else ends the job with its error.
 */
export class Scheduler {
  private readonly running = new Map<string, RunningJob>()
  /** Jobs waiting between two lanes: their next start is not a new attempt. */
  private readonly handedOff = new Set<string>()
  private readonly idleWaiters: Array<() => void> = []
  private readonly limits: LaneLimits
  private readonly retry: RetryPolicy
  private accept: (job: Job) => boolean = () => true
  private active = false
  private wakeTimer: ClockTimer | undefined

  constructor(private readonly options: SchedulerOptions) {
    this.limits = { ...DEFAULT_LANE_LIMITS, ...options.limits }
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY
  }

  get concurrency(): number {
    return this.limits.encode
  }

  setConcurrency(encodes: number): void {
    this.limits.encode = Math.max(1, Math.trunc(encodes))
    this.tick()
  }

  /** Starts taking jobs; `accept` limits it to some (e.g. the jobs of one command line run). */
  start(accept?: (job: Job) => boolean): void {
    this.accept = accept ?? (() => true)
    this.active = true
    this.tick()
  }

  isRunning(jobId: string): boolean {
    return this.running.has(jobId)
  }

  private laneCount(lane: Lane): number {
    let count = 0
    for (const run of this.running.values()) if (run.lane === lane) count++
    return count
  }

  private hasRoom(lane: Lane): boolean {
    return this.laneCount(lane) < this.limits[lane]
  }

  private get paused(): boolean {
    return this.options.store.queueMeta().paused
  }

  /** Starts whatever may start now. Safe to call any time. */
  tick(): void {
    if (!this.active) return this.checkIdle()
    const { clock } = this.options
    if (this.wakeTimer) clock.clearTimeout(this.wakeTimer)
    this.wakeTimer = undefined
    if (this.paused) return this.checkIdle()
    const now = clock.now()
    const queued = queuedInOrder(this.options.store.listJobs()).filter((j) => this.accept(j) && !this.running.has(j.id))
    let downloadedAhead = queued.filter((j) => laneOf(j) === 'encode' && j.source.kind === 'url').length
    let nextWake = Infinity
    for (const job of queued) {
      if (!isDue(job, now)) {
        nextWake = Math.min(nextWake, Date.parse(job.retryAt!))
        continue
      }
      const lane = laneOf(job)
      if (!this.hasRoom(lane)) continue
      if (lane === 'download') {
        const freeEncoders = Math.max(0, this.limits.encode - this.laneCount('encode'))
        if (downloadedAhead + this.laneCount('download') >= this.limits.prefetch + freeEncoders) continue
      }
      // A downloaded job that starts encoding is no longer waiting ahead.
      if (lane === 'encode' && job.source.kind === 'url') downloadedAhead--
      this.launch(job, lane)
    }
    if (nextWake < Infinity) this.wakeTimer = clock.setTimeout(() => this.tick(), Math.max(0, nextWake - now))
    this.checkIdle()
  }

  private launch(job: Job, lane: Lane): void {
    const entry: RunningJob = { lane, controller: new AbortController(), settled: Promise.resolve() }
    this.running.set(job.id, entry)
    entry.settled = this.run(job.id, entry)
      .catch((error: unknown) => {
        // A bug in the bookkeeping itself: say so on the job rather than lose it.
        this.options.recorder.log(job.id, `internal error: ${(error as Error).message}`, 'error')
      })
      .finally(() => {
        this.running.delete(job.id)
        this.options.onQueueChanged?.()
        this.tick()
      })
  }

  private async run(jobId: string, entry: RunningJob): Promise<void> {
    const { recorder } = this.options
    const fresh = !this.handedOff.has(jobId)
    const attempts = recorder.get(jobId).attempts + (fresh ? 1 : 0)
    // Claimed in the store, not only in this scheduler's memory: another claimer on a shared store may have taken it.
    if (!(await recorder.claim(jobId, FIRST_STATUS[entry.lane], { attempts }))) return
    this.handedOff.delete(jobId)
    this.options.onQueueChanged?.()
    let lane: Lane | undefined = entry.lane
    try {
      while (lane) {
        entry.lane = lane
        lane = await this.runLane(jobId, lane, entry)
      }
    } catch (error) {
      const { recorder, work, clock } = this.options
      await settleFailure({ recorder, work, clock, retry: this.retry, describe: this.options.describeFailure ?? toErrorValue }, { jobId, lane: entry.lane, stopReason: entry.stopReason }, error)
    }
  }

  private context(jobId: string, lane: Lane, signal: AbortSignal): StageContext {
    const { recorder } = this.options
    // A stage's own fraction can dip (ffmpeg's first report after probing, one rung then the
    // next); what a person sees of one run never goes back (2.1 → 0.0 → 4.6 was seen).
    let highest = 0
    return {
      signal,
      progress: (fraction, details = {}) => {
        const job = recorder.get(jobId)
        highest = Math.max(highest, Number.isFinite(fraction) ? fraction : 0)
        recorder.progress(jobId, { ...details, stage: job.status, percent: overallPercent(job, lane, highest) })
      },
      log: (line, level) => recorder.log(jobId, line, level),
      enterEncoding: () => {
        if (signal.aborted || recorder.get(jobId).status !== 'PROBING') return
        recorder.transition(jobId, 'ENCODING').catch((error: unknown) => recorder.log(jobId, `could not record ENCODING: ${(error as Error).message}`, 'error'))
      }
    }
  }

  /** Runs one lane's work; returns the lane to continue in at once, or nothing. */
  private async runLane(jobId: string, lane: Lane, entry: RunningJob): Promise<Lane | undefined> {
    const { recorder, work } = this.options
    const job = recorder.get(jobId)
    // Stopped during the hand-off: start no new work.
    if (entry.controller.signal.aborted) throw new StudioError('CANCELLED', 'Stopped before it started.')
    const context = this.context(jobId, lane, entry.controller.signal)
    if (lane === 'download') {
      const downloadedPath = await work.download(job, context)
      return this.handOff(entry, jobId, 'encode', { downloadedPath })
    }
    if (lane === 'encode') {
      const encoded = await work.encode(job, context)
      if (!(await work.outputIntact({ ...job, outputs: encoded.outputs }))) {
        throw new StudioError('INTERNAL', `The package was written but its master playlist is missing (${encoded.outputs.dir}).`)
      }
      // The download has served its purpose; a 40 GB source should not wait for the upload.
      await work.discardDownload(job)
      const patch: JobPatch = { ...encoded, downloadedPath: undefined, warnings: [...new Set([...job.warnings, ...encoded.warnings])] }
      if (job.target) return this.handOff(entry, jobId, 'upload', patch)
      await recorder.transition(jobId, 'COMPLETED', patch)
      return undefined
    }
    const published = await work.upload(job, context)
    await recorder.transition(jobId, 'COMPLETED', { outputs: { ...job.outputs!, published } })
    return undefined
  }

  /** Straight on to the next lane when it has room; otherwise back in the queue until it does. */
  private async handOff(entry: RunningJob, jobId: string, next: Lane, patch: JobPatch): Promise<Lane | undefined> {
    const { recorder } = this.options
    if (this.active && !this.paused && this.hasRoom(next)) {
      // Take the slot before the first await, so a tick in between cannot give it away.
      entry.lane = next
      await recorder.transition(jobId, FIRST_STATUS[next], patch)
      // The lane this job left has a free slot now: the next job may take it.
      this.tick()
      return next
    }
    this.handedOff.add(jobId)
    await recorder.transition(jobId, 'QUEUED', patch)
    return undefined
  }

  /** Stops a running job; resolves once it has settled. Queued jobs are the caller's to change. */
  async stop(jobId: string, reason: StopReason): Promise<boolean> {
    const run = this.running.get(jobId)
    if (!run) return false
    run.stopReason ??= reason
    run.controller.abort()
    await run.settled
    return true
  }

  forgetHandOff(jobId: string): void {
    this.handedOff.delete(jobId)
  }

  /** Stops every running job; each goes back to the queue and the store keeps it. */
  async shutdown(): Promise<void> {
    this.active = false
    if (this.wakeTimer) this.options.clock.clearTimeout(this.wakeTimer)
    this.wakeTimer = undefined
    const runs = [...this.running.values()]
    for (const run of runs) {
      run.stopReason ??= 'shutdown'
      run.controller.abort(new StudioStopping())
    }
    await Promise.all(runs.map((r) => r.settled))
    this.checkIdle()
  }

  /**
   * Resolves once nothing runs and nothing the scheduler accepts is left to run (a job
   * waiting for its retry still counts as work). A paused queue is idle once its running
   * jobs end.
   */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve)
      this.checkIdle()
    })
  }

  private isIdle(): boolean {
    if (this.running.size > 0) return false
    if (!this.active || this.paused) return true
    return !this.options.store.listJobs().some((j) => j.status === 'QUEUED' && this.accept(j))
  }

  private checkIdle(): void {
    if (!this.idleWaiters.length || !this.isIdle()) return
    for (const resolve of this.idleWaiters.splice(0)) resolve()
  }
}
