import { StudioError } from '@shared/errors'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { openChunkCoordinator, type ChunkCoordinator } from '../engine/distributed/chunk-coordinator'
import { checkRedisUrl } from '../engine/distributed/chunk-queue'
import { generateToken, MIN_TOKEN_LENGTH } from './access-token'
import type { WorkerAnnouncement } from '../engine/distributed/worker-announce'
import { workerMetrics } from './worker-metrics'
import { serveWorkerRoutes, WORKER_ROUTE_PREFIX } from './worker-routes'

export { WORKER_ROUTE_PREFIX }

/** `serve --redis URL [--no-local-worker] [--worker-token T]`. */
export interface WorkerSetup {
  redisUrl: string
  localWorker?: boolean
  /** Made up (and printed) when absent. */
  token?: string
  maxRungBytes?: number
}

export interface WorkersHealth {
  redis: { ok: boolean; detail: string }
  seen: WorkerAnnouncement[]
}

export interface WorkerSide {
  coordinator: ChunkCoordinator
  token: string
  routes(app: FastifyInstance): void
  /** For /api/health: whether Redis answers, and every worker heard from. */
  health(): Promise<WorkersHealth>
  /** Prometheus lines for /metrics. */
  metrics(): Promise<string[]>
  close(): Promise<void>
}

/** Serve as a coordinator: its chunk queue, its own worker, and the routes workers call. */
export function openWorkerSide(setup: WorkerSetup, deps: { version: string; ffmpegPath: () => Promise<string>; log: FastifyBaseLogger }): WorkerSide {
  checkRedisUrl(setup.redisUrl)
  if (setup.token !== undefined && (setup.token.length < MIN_TOKEN_LENGTH || /\s/.test(setup.token))) {
    throw new StudioError('INVALID_INPUT', `The worker token must be at least ${MIN_TOKEN_LENGTH} characters, without spaces.`)
  }
  const token = setup.token ?? generateToken()
  let lastError = ''
  const coordinator = openChunkCoordinator({
    redisUrl: setup.redisUrl,
    localWorker: setup.localWorker,
    ffmpegPath: deps.ffmpegPath,
    version: deps.version,
    // ioredis repeats the same error on every reconnect attempt: logged once per change.
    onError: (error) => {
      if (error.message === lastError) return
      lastError = error.message
      deps.log.warn({ err: error }, 'the chunk queue lost Redis; it reconnects on its own')
    }
  })
  return {
    coordinator,
    token,
    routes: (app) => serveWorkerRoutes(app, { running: coordinator.running, token, maxRungBytes: setup.maxRungBytes }),
    async health() {
      const redis = await coordinator.health()
      const seen = redis.ok ? await coordinator.workers().catch(() => []) : []
      return { redis, seen }
    },
    metrics: () => workerMetrics(coordinator),
    close: () => coordinator.close()
  }
}
