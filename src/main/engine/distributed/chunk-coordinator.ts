import { availableParallelism } from 'node:os'
import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import type { ChunkJob } from '../chunks/chunk-job'
import { InProcessChunkRunner, type ChunkRunContext, type ChunkRunner } from '../chunks/chunk-runner'
import { bullConnection, CHUNK_PROTOCOL, CHUNK_QUEUE, connectRedis, redisUrlForLog, type ChunkWork, type ChunkWorkResult } from './chunk-queue'
import { closeWithin, defaultWorkerName, startChunkWorker, type RunningChunkWorker } from './chunk-worker'
import { QueueChunkRunner } from './queue-chunk-runner'
import { RunningChunks } from './running-chunks'
import { announceWorker, listWorkers, type WorkerAnnouncement } from './worker-announce'

export interface ChunkCoordinatorOptions {
  redisUrl: string
  /** Encode chunks in this process too (default true; `--no-local-worker` turns it off). */
  localWorker?: boolean
  /** Chunks this process encodes at once as a worker (default 1: x264 already fills the cores). */
  localConcurrency?: number
  /** ffmpeg as the studio resolves it, looked up when a chunk runs. */
  ffmpegPath: () => Promise<string>
  version: string
  name?: string
  onError?: (error: Error) => void
  onChunkDone?: (jobId: string, index: number, worker: string, attempts: number) => void
}

/** Since this coordinator started, for /metrics. */
export interface ChunkStats {
  done: number
  /** Wall seconds from queueing to the answer, summed over finished chunks. */
  seconds: number
  failed: number
  /** Attempts beyond the first, over finished and failed chunks. */
  retries: number
}

export interface ChunkCoordinator {
  runner: ChunkRunner
  stats: ChunkStats
  /** Chunk jobs on the queue by BullMQ state (waiting, active, delayed, failed). */
  queueCounts(): Promise<Record<string, number>>
  /** The chunks on the queue now: serve's worker routes answer only for these. */
  running: RunningChunks
  /** The URL without its password. */
  redisLabel: string
  workers(): Promise<WorkerAnnouncement[]>
  /**
   * The studio's queue paused or resumed: BullMQ stops (or starts again) handing chunks to
   * every worker; chunks in flight finish. Waits for Redis when it is away.
   */
  setPaused(paused: boolean): Promise<void>
  /** Redis answers PING, or the reason it does not. */
  health(): Promise<{ ok: boolean; detail: string }>
  close(): Promise<void>
}

/** In this process, with ffmpeg resolved when the first chunk runs (Settings may change it). */
class LazyInProcessRunner implements ChunkRunner {
  constructor(private readonly ffmpegPath: () => Promise<string>) {}
  async run(chunk: ChunkJob, context: ChunkRunContext): Promise<void> {
    await new InProcessChunkRunner({ ffmpegPath: await this.ffmpegPath() }).run(chunk, context)
  }
}

/**
 * The coordinator's side of workers: the chunk queue, the registry of chunks on it, and
 * (unless turned off) this process's own worker, which takes only chunks of its own jobs and
 * encodes them straight into the partial folder.
 */
export function openChunkCoordinator(options: ChunkCoordinatorOptions): ChunkCoordinator {
  const queue = new Queue<ChunkWork, ChunkWorkResult>(CHUNK_QUEUE, { connection: bullConnection(options.redisUrl) })
  queue.on('error', (error) => options.onError?.(error))
  const redis: Redis = connectRedis(options.redisUrl)
  redis.on('error', (error) => options.onError?.(error))
  const running = new RunningChunks()
  const local = new LazyInProcessRunner(options.ffmpegPath)
  const stats: ChunkStats = { done: 0, seconds: 0, failed: 0, retries: 0 }
  const runner = new QueueChunkRunner({
    queue,
    redis,
    running,
    local,
    onChunkDone: options.onChunkDone,
    onOutcome: (outcome) => {
      if (outcome.ok) {
        stats.done++
        stats.seconds += outcome.seconds
      } else stats.failed++
      stats.retries += Math.max(0, outcome.attempts - 1)
    }
  })

  let worker: RunningChunkWorker | undefined
  let stopAnnouncing: (() => Promise<void>) | undefined
  if (options.localWorker ?? true) {
    const name = options.name ?? `${defaultWorkerName()} (coordinator)`
    worker = startChunkWorker({
      redisUrl: options.redisUrl,
      name,
      concurrency: options.localConcurrency ?? 1,
      onError: options.onError,
      process: async (work, context) => {
        const entry = running.get(context.workId)
        if (!entry) return 'not mine'
        await local.run(entry.chunk, { workDir: entry.workDir, signal: AbortSignal.any([context.signal, entry.stopped]), onProgress: context.onProgress })
        return { encoder: entry.chunk.recipe?.plan.video?.encoder }
      }
    })
    const own = worker
    stopAnnouncing = announceWorker(redis, () => ({
      name,
      cores: availableParallelism(),
      encoders: ['libx264'],
      version: options.version,
      protocol: CHUNK_PROTOCOL,
      active: own.active()
    }))
  }

  return {
    runner,
    stats,
    queueCounts: () => queue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
    running,
    redisLabel: redisUrlForLog(options.redisUrl),
    workers: () => listWorkers(redis),
    setPaused: (paused) => (paused ? queue.pause() : queue.resume()),
    async health() {
      try {
        await Promise.race([redis.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref())])
        return { ok: true, detail: `Redis at ${redisUrlForLog(options.redisUrl)} answers` }
      } catch (error) {
        return { ok: false, detail: `Redis at ${redisUrlForLog(options.redisUrl)} does not answer: ${error instanceof Error ? error.message : String(error)}` }
      }
    },
    async close() {
      await stopAnnouncing?.()
      // Chunks in flight here are abandoned, not finished: BullMQ hands them on once their lock lapses.
      await worker?.close(true)
      await closeWithin({ close: () => queue.close(), disconnect: () => queue.disconnect() }, 5000)
      redis.disconnect()
    }
  }
}
