import type { RedisUrlSource, WorkerSeen } from '@shared/workers'
import type { StudioLog } from '../logging/studio-log'
import { openChunkCoordinator, type ChunkCoordinator } from './chunk-coordinator'
import { checkRedisUrl, redisUrlForLog } from './chunk-queue'
import { followQueuePause, type PausableQueue } from './follow-queue-pause'

/** Where the coordinator's Redis comes from: `--redis`, `$HLS_STUDIO_REDIS`, then Settings → Workers. */
export interface CoordinationChoice {
  /** A URL from the command line or the environment; it wins over Settings. */
  redisUrl?: string
  source?: Exclude<RedisUrlSource, 'settings'>
  /** Encode chunks in this process too (default true; `--no-local-worker`). */
  localWorker?: boolean
}

export interface StudioCoordination {
  coordinator: ChunkCoordinator
  /** The URL without its password, and where it came from. */
  active: { url: string; source: RedisUrlSource }
  /** Whether Redis answers, and every worker heard from. */
  health(): Promise<{ redis: { ok: boolean; detail: string }; seen: WorkerSeen[] }>
  /** Keeps the chunk queue paused while the studio's queue is; called once the studio is open. */
  follow(queue: PausableQueue): void
  close(): Promise<void>
}

/** The Redis URL to coordinate through, or undefined for the embedded default (everything here). */
export async function chooseCoordinatorRedis(choice: CoordinationChoice | undefined, saved: () => Promise<string | undefined>): Promise<{ url: string; source: RedisUrlSource } | undefined> {
  if (choice?.redisUrl) return { url: choice.redisUrl, source: choice.source ?? 'flag' }
  const url = await saved()
  return url ? { url, source: 'settings' } : undefined
}

/**
 * The studio as a coordinator (desktop, serve): its chunk queue and own worker, Redis errors
 * logged once per change (ioredis repeats the same one on every reconnect), the queue's pause
 * followed, and the health Settings → Workers and /api/health show.
 */
export function openStudioCoordination(
  redis: { url: string; source: RedisUrlSource },
  options: { localWorker?: boolean; version: string; ffmpegPath: () => Promise<string>; log: StudioLog }
): StudioCoordination {
  checkRedisUrl(redis.url)
  let lastError = ''
  const coordinator = openChunkCoordinator({
    redisUrl: redis.url,
    localWorker: options.localWorker,
    ffmpegPath: options.ffmpegPath,
    version: options.version,
    onError: (error) => {
      if (error.message === lastError) return
      lastError = error.message
      options.log.logger.warn({ err: error }, 'the chunk queue lost Redis; it reconnects on its own')
    }
  })
  let stopFollowing = (): void => undefined
  return {
    coordinator,
    active: { url: redisUrlForLog(redis.url), source: redis.source },
    async health() {
      const answer = await coordinator.health()
      const seen = answer.ok ? await coordinator.workers().catch(() => []) : []
      return { redis: answer, seen }
    },
    follow(queue) {
      stopFollowing()
      stopFollowing = followQueuePause(coordinator, queue, (error) => options.log.logger.warn({ err: error }, 'could not pause or resume the chunk queue'))
    },
    async close() {
      stopFollowing()
      await coordinator.close()
    }
  }
}
