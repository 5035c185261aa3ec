import { stat } from 'node:fs/promises'
import { Job, Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { StudioError } from '@shared/errors'
import type { ChunkJob } from '../chunks/chunk-job'
import type { ChunkRunContext, ChunkRunner, ChunkRunReport } from '../chunks/chunk-runner'
import type { FfmpegProgress } from '../media/progress'
import { cancelKey, CHUNK_JOB_OPTIONS, CHUNK_PROTOCOL, chunkWorkId, type ChunkWork, type ChunkWorkResult } from './chunk-queue'
import type { RunningChunks } from './running-chunks'

const POLL_MS = 300
/** How long a cancelled chunk may take to leave a worker before its job is removed anyway. */
const CANCEL_GRACE_MS = 15_000

export interface QueueChunkRunnerOptions {
  queue: Queue<ChunkWork, ChunkWorkResult>
  /** For cancel marks. */
  redis: Redis
  running: RunningChunks
  /** Chunks that need files only this machine has (burned-in subtitles) run here. */
  local: ChunkRunner
  /** Who did which chunk, for the job record. */
  onChunkDone?: (jobId: string, index: number, worker: string, attempts: number) => void
  /** Every chunk's end on the queue, for metrics. */
  onOutcome?: (outcome: { ok: boolean; seconds: number; attempts: number }) => void
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * Redis calls wait for a reconnect rather than fail (BullMQ's connections retry forever), so
 * a cancel must not wait on them: this gives up on `work` after `ms`.
 */
async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const gaveUp = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))
  try {
    return await Promise.race([work.catch(() => undefined), gaveUp])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The coordinator's ChunkRunner: each chunk becomes a BullMQ job that any worker (this
 * process's own included) takes. It resolves once a worker says the rung files are delivered
 * to the partial folder; the chunked encode then checks them, trusting the worker with nothing.
 * It polls the job rather than waiting on queue events: a Redis that restarted empty loses
 * both, and only a poll notices that the job itself is gone (it is then queued again).
 */
export class QueueChunkRunner implements ChunkRunner {
  constructor(private readonly options: QueueChunkRunnerOptions) {}

  /** Every chunk at once: the workers' concurrency decides how many run. */
  readonly lanes = (chunkCount: number): number => chunkCount

  async run(chunk: ChunkJob, context: ChunkRunContext): Promise<ChunkRunReport | void> {
    if (context.env && Object.keys(context.env).length > 0) return this.options.local.run(chunk, context)
    const sourceBytes = (await stat(chunk.sourcePath)).size
    const workId = await this.enqueue(chunk, sourceBytes)
    const stop = new AbortController()
    this.options.running.add({ workId, chunk, workDir: context.workDir, sourceBytes, stopped: stop.signal })
    try {
      return await this.follow(workId, chunk, sourceBytes, context)
    } finally {
      this.options.running.remove(workId)
      stop.abort(new Error('the coordinator no longer waits for this chunk'))
    }
  }

  private data(chunk: ChunkJob, sourceBytes: number): ChunkWork {
    return { protocol: CHUNK_PROTOCOL, jobId: chunk.jobId, chunk, sourceBytes }
  }

  /**
   * The first attempt id that is not finished: a waiting or active one (a coordinator restarted
   * mid-job) is re-attached to; a finished one is from a run whose answer is gone, so the next
   * attempt is queued.
   */
  private async enqueue(chunk: ChunkJob, sourceBytes: number): Promise<string> {
    const { queue } = this.options
    for (let attempt = 1; ; attempt++) {
      const id = chunkWorkId(chunk.jobId, chunk.index, attempt)
      const state = await queue.getJobState(id)
      if (state === 'completed' || state === 'failed') continue
      if (state === 'unknown') await queue.add('chunk', this.data(chunk, sourceBytes), { ...CHUNK_JOB_OPTIONS, jobId: id })
      return id
    }
  }

  private async follow(workId: string, chunk: ChunkJob, sourceBytes: number, context: ChunkRunContext): Promise<ChunkRunReport> {
    const { queue } = this.options
    let redisDown = false
    const queuedAt = Date.now()
    const aborted = new Promise<'aborted'>((resolve) => context.signal?.addEventListener('abort', () => resolve('aborted'), { once: true }))
    for (;;) {
      if (context.signal?.aborted) {
        await this.cancel(workId)
        throw new StudioError('CANCELLED', 'Encoding cancelled.')
      }
      try {
        // Aborted while Redis is away: the loop's top sees it and cancels, instead of waiting for Redis.
        const polled = Job.fromId<ChunkWork, ChunkWorkResult>(queue, workId)
        const polledJob = await Promise.race([polled, aborted])
        if (polledJob === 'aborted') continue
        let job = polledJob
        if (redisDown) context.onLog?.(`Redis is back; chunk ${chunk.index + 1} carries on`)
        redisDown = false
        if (!job) {
          // Redis came back without its data (no persistence): the chunk is queued again.
          context.onLog?.(`chunk ${chunk.index + 1}: its job vanished from Redis; queueing it again`)
          await queue.add('chunk', this.data(chunk, sourceBytes), { ...CHUNK_JOB_OPTIONS, jobId: workId })
        } else {
          const state = await job.getState()
          // The job was read before its state: a chunk that finished between the two reads has
          // no answer in that copy ("a worker", no reason), so a finished one is read again.
          if (state === 'completed' || state === 'failed') job = (await Job.fromId<ChunkWork, ChunkWorkResult>(queue, workId)) ?? job
          if (state === 'completed') {
            const worker = job.returnvalue?.worker ?? 'a worker'
            context.onLog?.(`chunk ${chunk.index + 1} encoded by ${worker} (attempt ${job.attemptsMade || 1})`)
            this.options.onChunkDone?.(chunk.jobId, chunk.index, worker, job.attemptsMade || 1)
            this.options.onOutcome?.({ ok: true, seconds: (Date.now() - queuedAt) / 1000, attempts: job.attemptsMade || 1 })
            await job.remove().catch(() => undefined)
            return { worker, attempts: job.attemptsMade || 1, encoder: job.returnvalue?.encoder }
          }
          if (state === 'failed') {
            const reason = job.failedReason || 'no reason given'
            await job.remove().catch(() => undefined)
            this.options.onOutcome?.({ ok: false, seconds: (Date.now() - queuedAt) / 1000, attempts: job.attemptsMade })
            throw new StudioError('FFMPEG_FAILED', `Chunk ${chunk.index + 1} failed ${job.attemptsMade} times on the workers; the last said: ${reason}`)
          }
          if (job.progress && typeof job.progress === 'object') context.onProgress?.(job.progress as FfmpegProgress)
        }
      } catch (error) {
        if (error instanceof StudioError) throw error
        if (!redisDown) context.onLog?.(`Redis is unreachable (${error instanceof Error ? error.message : String(error)}); chunk ${chunk.index + 1} waits for it`)
        redisDown = true
      }
      await sleep(POLL_MS)
    }
  }

  /** Waiting: removed at once. Active: marked, so its worker kills ffmpeg, then removed. */
  private async cancel(workId: string): Promise<void> {
    const { queue, redis } = this.options
    const deadline = Date.now() + CANCEL_GRACE_MS
    const left = (): number => Math.max(0, deadline - Date.now())
    // With Redis away none of this can happen: the chunk is left to the 24 h clean-up, and
    // whatever a worker still sends is refused, as the chunk is no longer running here.
    if ((await within(redis.set(cancelKey(workId), '1', 'PX', 10 * 60_000), left())) === undefined) return
    while (left() > 0) {
      const job = await within(Job.fromId(queue, workId), left())
      if (!job) return
      const state = await within(job.getState(), left())
      if (state !== 'active') {
        const removed = await within(job.remove().then(() => true), left())
        if (removed) return
      }
      await sleep(POLL_MS)
    }
    await within(queue.remove(workId, { removeChildren: true }), 2000)
  }
}
