import type { Redis } from 'ioredis'
import type { WorkerSeen } from '@shared/workers'
import { KEY_PREFIX } from './chunk-queue'

/** What a worker says about itself every few seconds (Settings → Workers, /api/health). */
export type WorkerAnnouncement = WorkerSeen

const ANNOUNCE_EVERY_MS = 5000
/** A worker not heard from for this long is gone from the list (three missed heartbeats). */
const FORGET_AFTER_MS = 3 * ANNOUNCE_EVERY_MS

const keyOf = (name: string): string => `${KEY_PREFIX}:worker:${name}`

/** Announces now and on every heartbeat until the returned stop is called. */
export function announceWorker(redis: Redis, describe: () => Omit<WorkerAnnouncement, 'seenAt'>): () => Promise<void> {
  const send = (): Promise<unknown> => {
    const announcement: WorkerAnnouncement = { ...describe(), seenAt: new Date().toISOString() }
    // Redis away: the next heartbeat tries again.
    return redis.set(keyOf(announcement.name), JSON.stringify(announcement), 'PX', FORGET_AFTER_MS).catch(() => undefined)
  }
  void send()
  const timer = setInterval(() => void send(), ANNOUNCE_EVERY_MS)
  timer.unref()
  return async () => {
    clearInterval(timer)
    // Gone from the list at once when Redis answers; otherwise within FORGET_AFTER_MS anyway.
    await Promise.race([redis.del(keyOf(describe().name)).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1000).unref())])
  }
}

/** Every worker heard from recently, by name. */
export async function listWorkers(redis: Redis): Promise<WorkerAnnouncement[]> {
  const keys: string[] = []
  let cursor = '0'
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', keyOf('*'), 'COUNT', 100)
    cursor = next
    keys.push(...found)
  } while (cursor !== '0')
  if (keys.length === 0) return []
  const values = await redis.mget(...keys)
  return values
    .flatMap((value) => {
      try {
        return value ? [JSON.parse(value) as WorkerAnnouncement] : []
      } catch {
        return []
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}
