/**
 * What a coordinator and its workers agree on: the queue, the job ids, what a chunk job holds
 * and what a worker answers. Redis is touched only under engine/distributed.
 */
import { Redis, type RedisOptions } from 'ioredis'
import { StudioError } from '@shared/errors'
import type { ChunkJob } from '../chunks/chunk-job'

/**
 * Bumped whenever ChunkWork changes shape. The queue name carries it, so a worker of another
 * protocol never even sees the job (and says so when it starts: see workerProtocolNote).
 */
export const CHUNK_PROTOCOL = 1
export const CHUNK_QUEUE = `hls-studio-chunks-p${CHUNK_PROTOCOL}`
/** Keys beside BullMQ's own: worker announcements and cancel marks. */
export const KEY_PREFIX = 'hls-studio'

export interface ChunkWork {
  protocol: number
  jobId: string
  chunk: ChunkJob
  /** The source's size: a worker that can see the file by path reads it directly only when it matches. */
  sourceBytes: number
}

export interface ChunkWorkResult {
  /** The worker's name, for the job record and the chunk strip. */
  worker: string
  /** The video encoder it used, for the job record. */
  encoder?: string
}

/** `<jobId>-c<index>-a<attempt>`: BullMQ ignores an add whose id exists, so one attempt is never queued twice. */
export function chunkWorkId(jobId: string, index: number, attempt: number): string {
  return `${jobId}-c${index}-a${attempt}`
}

export function cancelKey(workId: string): string {
  return `${KEY_PREFIX}:cancel:${workId}`
}

/** BullMQ's own defaults kept (30 s lock, stalled checks), attempts 3 with exponential backoff. */
export const CHUNK_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  // The coordinator removes a chunk's job once it has read the answer; these bound what a
  // coordinator that never came back leaves behind.
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 24 * 3600 }
} as const

/** A Redis URL a person typed: redis:// or rediss://, checked before anything connects. */
export function checkRedisUrl(text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new StudioError('INVALID_INPUT', `"${text}" is not a Redis URL; write it as redis://host:6379 (or rediss:// for TLS).`)
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new StudioError('INVALID_INPUT', `A Redis URL starts with redis:// or rediss://, not ${url.protocol}//.`)
  }
  return url
}

/** The URL without its password, for logs and Settings. */
export function redisUrlForLog(text: string): string {
  const url = checkRedisUrl(text)
  if (url.password) url.password = '***'
  return url.toString()
}

/**
 * A connection for BullMQ: `maxRetriesPerRequest: null` (BullMQ requires it for workers), so a
 * Redis that restarts pauses the work and picks it up on reconnect instead of failing it.
 */
export function connectRedis(url: string, options: RedisOptions = {}): Redis {
  checkRedisUrl(url)
  return new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2000), ...options })
}

/** Connection options BullMQ opens (and closes) itself. */
export function bullConnection(url: string): { url: string; maxRetriesPerRequest: null; retryStrategy: (times: number) => number } {
  checkRedisUrl(url)
  return { url, maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2000) }
}
