import { basename, resolve } from 'node:path'
import { describeZodError } from '@shared/zod-errors'
import { StudioError } from '@shared/errors'
import type { QueueState } from '@shared/events'
import { JOB_STATUSES, isFinal, type Job, type PublishedLocation } from '@shared/job'
import { addJobsInputSchema, type AddJobsInput, type AddJobsResult, type BatchProgress } from '@shared/queue'
import { expandSources } from '../sources/expand-sources'
import { batchProgress, joinBatch, newBatch } from './batches'
import type { Clock } from './clock'
import type { StudioEventBus } from './event-bus'
import type { JobLogs } from './job-log'
import type { JobRecorder } from './job-recorder'
import type { JobStore } from './job-store'
import type { JobWork } from './job-work'
import { newJob } from './new-job'
import { dedupeKey, moveInQueue, nextPosition, queuedInOrder } from './queue-order'
import type { Scheduler } from './scheduler'

export interface JobQueueOptions {
  store: JobStore
  recorder: JobRecorder
  scheduler: Scheduler
  work: JobWork
  bus: StudioEventBus
  logs: JobLogs
  clock: Clock
  /** Where packages go when a request names no output folder. */
  defaultOutputDir?: string
  /** Relative paths in requests are read from here. */
  cwd: string
  /** Folders a walk may reach through symbolic links (serve's media roots); absent: anywhere. */
  sourceRoots?: readonly string[]
}

/** The queue's operations, as the desktop UI, the server and the command line call them. */
export class JobQueue {
  constructor(private readonly options: JobQueueOptions) {}

  private get store(): JobStore {
    return this.options.store
  }

  private get recorder(): JobRecorder {
    return this.options.recorder
  }

  /**
   * Turns one drop (files, folders, URLs) into a batch of queued jobs. The same source with
   * the same settings still waiting or running is not queued twice unless `force` is set.
   */
  async add(input: AddJobsInput): Promise<AddJobsResult> {
    const parsed = addJobsInputSchema.safeParse(input)
    if (!parsed.success) throw new StudioError('INVALID_INPUT', describeZodError(parsed.error))
    const request = parsed.data
    const outputRoot = request.outputDir ?? this.options.defaultOutputDir
    if (!outputRoot) throw new StudioError('INVALID_INPUT', 'Choose an output folder for the packages.')
    const outputDir = resolve(this.options.cwd, outputRoot)
    // A mistyped or unconfigured target is refused now, not after hours of encoding.
    if (request.target) await this.options.work.checkTarget?.(request.target)
    const { candidates, skipped } = await expandSources(request.sources, this.options.cwd, { confineTo: this.options.sourceRoots })

    const existing = this.store.listJobs()
    const pending = new Map(existing.filter((j) => !isFinal(j.status)).map((j) => [dedupeKey(j), j]))
    const now = new Date(this.options.clock.now())
    const label = request.batchLabel ?? (request.sources.length === 1 ? basename(request.sources[0]!) : `${request.sources.length} items`)
    const batch = newBatch(label, [], skipped, now, request.batchId)
    let position = nextPosition(existing)
    const created: Job[] = []
    const duplicates: Job[] = []
    for (const candidate of candidates) {
      const job = newJob(candidate, { request, outputDir, batchId: batch.id, position, now })
      const key = dedupeKey(job)
      const twin = pending.get(key)
      if (twin && !request.force) {
        if (!duplicates.includes(twin)) duplicates.push(twin)
        continue
      }
      pending.set(key, job)
      created.push(job)
      position++
    }
    batch.jobIds = created.map((j) => j.id)
    // Read and merged right before the write, with no await between: parallel uploads of
    // one drop all join the same record.
    const stored = joinBatch(this.store.listBatches().find((b) => b.id === batch.id), batch)
    if (created.length || skipped.length) await this.store.putBatch(stored)
    await this.recorder.create(created)
    this.queueChanged()
    this.options.scheduler.tick()
    return { batch: stored, created, duplicates, skipped }
  }

  list(): Job[] {
    return this.store.listJobs()
  }

  get(jobId: string): Job {
    return this.recorder.get(jobId)
  }

  /** Stops the job (its ffmpeg, download or upload), removes partial output, never the source. */
  async cancel(jobId: string): Promise<Job> {
    const job = this.recorder.get(jobId)
    if (await this.options.scheduler.stop(jobId, 'cancel')) return this.recorder.get(jobId)
    if (isFinal(job.status)) throw new StudioError('INVALID_TRANSITION', `Job ${jobId} has already ended (${job.status}).`)
    this.options.scheduler.forgetHandOff(jobId)
    // A finished local package waiting for its upload is kept: retrying the upload needs it.
    if (!job.outputs) await this.options.work.discardOutput(job)
    await this.options.work.discardDownload(job)
    const cancelled = await this.recorder.transition(jobId, 'CANCELLED', { error: undefined })
    this.queueChanged()
    return cancelled
  }

  /** Runs a failed or cancelled job again; a job waiting for its automatic retry runs now. */
  async retry(jobId: string): Promise<Job> {
    const job = this.recorder.get(jobId)
    let next: Job
    if (job.status === 'QUEUED') {
      ;[next] = (await this.recorder.patch([{ id: jobId, patch: { retryAt: undefined, attempts: 0 } }])) as [Job]
    } else if (job.status === 'FAILED' || job.status === 'CANCELLED') {
      const outputs = job.outputs && (await this.options.work.outputIntact(job)) ? job.outputs : undefined
      next = await this.recorder.transition(jobId, 'QUEUED', {
        attempts: 0,
        error: undefined,
        retryAt: undefined,
        outputs,
        progress: { percent: 0, stage: 'QUEUED' }
      })
    } else {
      throw new StudioError('INVALID_TRANSITION', `Job ${jobId} is ${job.status}; only failed or cancelled jobs can be retried.`)
    }
    this.queueChanged()
    this.options.scheduler.tick()
    return next
  }

  /** Publishes the kept local package again without encoding: for a job whose upload failed. */
  async retryUpload(jobId: string): Promise<Job> {
    const job = this.recorder.get(jobId)
    if (!job.target) throw new StudioError('INVALID_INPUT', `Job ${jobId} has no storage target to upload to.`)
    if (!(await this.options.work.outputIntact(job))) {
      throw new StudioError('FILE_NOT_FOUND', `Job ${jobId} has no complete local package to upload. Retry the whole job to encode it again.`)
    }
    return this.retry(jobId)
  }

  /**
   * Records a package published outside the queue (`hls-studio publish <job>`) on its job,
   * as the queue's own upload does: `outputs.published`, and COMPLETED for a job whose
   * upload had failed or was cancelled. A job still moving is left to the queue.
   */
  async recordPublication(jobId: string, published: PublishedLocation): Promise<Job> {
    const job = this.recorder.get(jobId)
    if (!job.outputs) throw new StudioError('INVALID_INPUT', `Job ${jobId} has no encoded package, so there is no publication to record.`)
    if (!isFinal(job.status)) {
      throw new StudioError('INVALID_TRANSITION', `Job ${jobId} is ${job.status}; wait for it to finish (or cancel it) before publishing it by hand.`)
    }
    const patch = { target: published.target, outputs: { ...job.outputs, published } }
    this.recorder.log(jobId, `published by hand to "${published.target}" under ${published.keyPrefix}/ (${published.objectCount} objects)`, 'info')
    const next = job.status === 'COMPLETED' ? (await this.recorder.patch([{ id: jobId, patch }]))[0]! : await this.recorder.transition(jobId, 'COMPLETED', patch)
    this.queueChanged()
    return next
  }

  /** Forgets a job (stopping it first). Its package stays on disk unless `deleteOutputs` (the contract's name). */
  async remove(jobId: string, options: { deleteOutputs?: boolean } = {}): Promise<void> {
    const job = this.recorder.get(jobId)
    await this.options.scheduler.stop(jobId, 'remove')
    this.options.scheduler.forgetHandOff(jobId)
    await this.options.work.discardDownload(job)
    if (options.deleteOutputs) await this.options.work.discardOutput(job)
    await this.recorder.remove(jobId)
    this.queueChanged()
  }

  /** Moves a queued job to `toIndex` in the waiting line (0 = next). */
  async move(jobId: string, toIndex: number): Promise<QueueState> {
    const job = this.recorder.get(jobId)
    if (job.status !== 'QUEUED') throw new StudioError('INVALID_TRANSITION', `Only queued jobs can be reordered; job ${jobId} is ${job.status}.`)
    const changed = moveInQueue(this.store.listJobs(), jobId, toIndex)
    await this.recorder.patch(changed.map((j) => ({ id: j.id, patch: { position: j.position, priority: j.priority } })))
    return this.queueChanged()
  }

  async setPriority(jobId: string, priority: number): Promise<Job> {
    if (!Number.isInteger(priority) || Math.abs(priority) > 100) throw new StudioError('INVALID_INPUT', 'Priority is a whole number from -100 to 100.')
    const [job] = await this.recorder.patch([{ id: jobId, patch: { priority } }])
    this.queueChanged()
    this.options.scheduler.tick()
    return job!
  }

  async pause(): Promise<QueueState> {
    await this.store.putQueueMeta({ ...this.store.queueMeta(), paused: true })
    return this.queueChanged()
  }

  async resume(): Promise<QueueState> {
    await this.store.putQueueMeta({ ...this.store.queueMeta(), paused: false })
    const state = this.queueChanged()
    this.options.scheduler.tick()
    return state
  }

  state(): QueueState {
    const jobs = this.store.listJobs()
    const counts: Record<string, number> = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0]))
    for (const job of jobs) counts[job.status] = (counts[job.status] ?? 0) + 1
    return {
      paused: this.store.queueMeta().paused,
      concurrency: this.options.scheduler.concurrency,
      counts,
      order: queuedInOrder(jobs).map((j) => j.id)
    }
  }

  /** Encodes at once from now on (Settings → Queue). */
  setConcurrency(encodes: number): QueueState {
    this.options.scheduler.setConcurrency(encodes)
    return this.queueChanged()
  }

  /** The job's own log: ffmpeg's command lines, state changes, warnings. */
  readLog(jobId: string): Promise<string> {
    this.get(jobId)
    return this.options.logs.read(jobId)
  }

  batches(): BatchProgress[] {
    const jobs = this.store.listJobs()
    return this.store.listBatches().map((b) => batchProgress(b, jobs))
  }

  queueChanged(): QueueState {
    const queue = this.state()
    this.options.bus.emit({ type: 'queue-changed', queue })
    return queue
  }
}
