import { hostname } from 'node:os'
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq'
import type { Redis } from 'ioredis'
import type { FfmpegProgress } from '../media/progress'
import { throttled, watchForCancel } from './cancel-watch'
import { bullConnection, CHUNK_PROTOCOL, CHUNK_QUEUE, connectRedis, type ChunkWork, type ChunkWorkResult } from './chunk-queue'

export interface ChunkProcessContext {
  workId: string
  /** Aborted when the coordinator cancels the chunk or the worker closes. */
  signal: AbortSignal
  onProgress: (progress: FfmpegProgress) => void
}

/** A chunk delivered, and the video encoder that made it. */
export interface ChunkProcessed {
  encoder?: string
}

/**
 * What a worker does with one chunk: `'not mine'` puts it back for a moment (the coordinator's
 * own worker only takes the chunks it has registered), anything else is delivered.
 */
export type ChunkProcessor = (work: ChunkWork, context: ChunkProcessContext) => Promise<ChunkProcessed | 'not mine'>

export interface ChunkWorkerOptions {
  redisUrl: string
  name?: string
  concurrency?: number
  process: ChunkProcessor
  onError?: (error: Error) => void
}

export interface RunningChunkWorker {
  name: string
  /** Work ids in flight, for the announcement. */
  active(): string[]
  /** Lets active chunks finish (BullMQ waits for them); `force` aborts them, ffmpeg killed. */
  close(force?: boolean): Promise<void>
}

/** Closing talks to Redis; with Redis away it would wait forever, so past this the connections are dropped. */
const CLOSE_DEADLINE_MS = 5000

export async function closeWithin(closable: { close(force?: boolean): Promise<void>; disconnect(): Promise<void> }, ms: number, force = true): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)))
  const outcome = await Promise.race([closable.close(force).then(() => 'closed' as const, () => 'late' as const), late])
  clearTimeout(timer)
  if (outcome === 'late') await closable.disconnect().catch(() => undefined)
}

export function defaultWorkerName(): string {
  return `${hostname()}-${process.pid}`
}

/**
 * A BullMQ worker on the chunk queue with its defaults (30 s lock renewed while ffmpeg runs,
 * stalled jobs moved back after a worker dies). Progress goes to the job at most once a second.
 */
export function startChunkWorker(options: ChunkWorkerOptions): RunningChunkWorker {
  const name = options.name ?? defaultWorkerName()
  const control: Redis = connectRedis(options.redisUrl)
  // Its errors are the worker's own (reported once through the worker's 'error'); unhandled they would only be noise.
  control.on('error', () => undefined)
  const controllers = new Map<string, AbortController>()
  let stopping = false
  const processor = async (job: Job<ChunkWork, ChunkWorkResult>, token?: string, signal?: AbortSignal): Promise<ChunkWorkResult> => {
    const work = job.data
    if (work.protocol !== CHUNK_PROTOCOL) {
      throw new UnrecoverableError(`${name} speaks chunk protocol ${CHUNK_PROTOCOL}, this job protocol ${work.protocol}: run the same version of hls-studio on the worker and the coordinator.`)
    }
    const workId = job.id!
    const controller = new AbortController()
    signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true })
    controllers.set(workId, controller)
    const stopWatching = watchForCancel(control, workId, controller)
    try {
      const outcome = await options.process(work, {
        workId,
        signal: controller.signal,
        onProgress: throttled(1000, (p: FfmpegProgress) => void job.updateProgress({ outTimeSeconds: p.outTimeSeconds, fps: p.fps }).catch(() => undefined))
      })
      if (outcome === 'not mine') {
        await job.moveToDelayed(Date.now() + 1000, token)
        throw new DelayedError()
      }
      return { worker: name, ...(outcome.encoder ? { encoder: outcome.encoder } : {}) }
    } catch (error) {
      if (error instanceof DelayedError || error instanceof UnrecoverableError) throw error
      // Cancelled by the coordinator: not worth another attempt. A worker stopping is an ordinary failure, retried elsewhere.
      if (controller.signal.aborted && !stopping) throw new UnrecoverableError(`${name}: cancelled`)
      throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      stopWatching()
      controllers.delete(workId)
    }
  }
  const worker = new Worker<ChunkWork, ChunkWorkResult>(CHUNK_QUEUE, processor, {
    connection: bullConnection(options.redisUrl),
    concurrency: Math.max(1, options.concurrency ?? 1),
    name
  })
  worker.on('error', (error) => options.onError?.(error))
  return {
    name,
    active: () => [...controllers.keys()],
    async close(force = false) {
      stopping = true
      if (force) for (const controller of controllers.values()) controller.abort(new Error('the worker is stopping'))
      await closeWithin(worker, CLOSE_DEADLINE_MS)
      control.disconnect()
    }
  }
}
