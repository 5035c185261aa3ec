import type { FastifyInstance } from 'fastify'
import type { StudioCoordination } from '../engine/distributed/studio-coordination'
import { generateToken } from '../engine/access-token'
import { workerMetrics } from './worker-metrics'
import { serveWorkerRoutes, WORKER_ROUTE_PREFIX } from './worker-routes'

export { WORKER_ROUTE_PREFIX }

/**
 * `serve --redis URL [--no-local-worker] [--worker-token T]`. The URL may be absent: then
 * `$HLS_STUDIO_REDIS`'s (read by the CLI) or the one in Settings → Workers is used, if any.
 */
export interface WorkerSetup {
  redisUrl?: string
  source?: 'flag' | 'env'
  localWorker?: boolean
  /** Made up (and printed) when absent. */
  token?: string
  maxRungBytes?: number
}

export interface WorkersHealth {
  redis: { ok: boolean; detail: string }
  seen: Awaited<ReturnType<StudioCoordination['health']>>['seen']
}

export interface WorkerSide {
  coordination: StudioCoordination
  token: string
  routes(app: FastifyInstance): void
  /** For /api/health: whether Redis answers, and every worker heard from. */
  health(): Promise<WorkersHealth>
  /** Prometheus lines for /metrics. */
  metrics(): Promise<string[]>
}

/** Serve as a coordinator: the routes workers call, beside the runtime's chunk queue (the token is checked by startServer). */
export function openWorkerSide(coordination: StudioCoordination, setup: Pick<WorkerSetup, 'token' | 'maxRungBytes'>): WorkerSide {
  const token = setup.token ?? generateToken()
  const { coordinator } = coordination
  return {
    coordination,
    token,
    routes: (app) => serveWorkerRoutes(app, { running: coordinator.running, token, maxRungBytes: setup.maxRungBytes }),
    health: () => coordination.health(),
    metrics: () => workerMetrics(coordinator)
  }
}
