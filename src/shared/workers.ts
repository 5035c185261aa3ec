import { z } from 'zod'

/** A worker's heartbeat, as Settings → Workers shows it. */
export interface WorkerSeen {
  name: string
  cores: number
  /** Video encoders it proved it can open. */
  encoders: string[]
  version: string
  protocol: number
  /** Chunk work ids it is encoding now (`<jobId>-c<index>-a<attempt>`). */
  active: string[]
  /** ISO time of its last heartbeat. */
  seenAt: string
}

export type RedisUrlSource = 'flag' | 'env' | 'settings'

/** Settings → Workers: the Redis this studio coordinates through, what Settings hold, and every worker seen. */
export interface WorkersStatus {
  /** The Redis chunks go through now, without its password; absent: everything runs in this process. */
  active?: { url: string; source: RedisUrlSource }
  /** The Redis URL Settings hold (without its password); used from the next start when no --redis or HLS_STUDIO_REDIS is given. */
  saved: { url?: string; hasPassword: boolean }
  /** Whether the active Redis answers. */
  redis?: { ok: boolean; detail: string }
  /** What a worker passes as --server and --token (the desktop app, whose Settings are the only place it is shown). */
  connect?: { serverUrl: string; token: string }
  seen: WorkerSeen[]
}

export interface RedisTestResult {
  ok: boolean
  /** In plain words: what answered, or what failed and what to try. */
  detail: string
}

const redisUrlText = z.string().trim().min(1).max(2048)
/** The password is kept in the secret store, never in Settings; absent keeps the saved one, "" removes it. */
const redisPassword = z.string().max(1024)

export const saveRedisSchema = z.object({ url: redisUrlText.nullable(), password: redisPassword.optional() })
export type SaveRedisInput = z.infer<typeof saveRedisSchema>

/** Tests the URL typed (with the saved password when none is typed), or the saved one. */
export const testRedisSchema = z.object({ url: redisUrlText.optional(), password: redisPassword.optional() }).optional()
export type TestRedisInput = z.infer<typeof testRedisSchema>
