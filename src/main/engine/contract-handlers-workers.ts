import type { StudioHandlers } from '@shared/contract'
import type { WorkersStatus } from '@shared/workers'
import type { RedisSettings } from './distributed/redis-settings'
import type { StudioCoordination } from './distributed/studio-coordination'

export interface WorkerDeps {
  settings: RedisSettings
  coordination?: StudioCoordination
  /** The desktop's worker routes, when they listen. */
  connect?: { serverUrl: string; token: string }
}

type WorkerCommands = 'workers.status' | 'workers.saveRedis' | 'workers.testRedis'

/** Settings → Workers. A saved URL is used from the next start: the queue's workers are not moved mid-job. */
export function workerHandlers(deps: WorkerDeps): Pick<StudioHandlers, WorkerCommands> {
  const status = async (): Promise<WorkersStatus> => {
    const saved = await deps.settings.saved()
    if (!deps.coordination) return { saved, seen: [] }
    const { redis, seen } = await deps.coordination.health()
    return { active: deps.coordination.active, saved, redis, seen, ...(deps.connect ? { connect: deps.connect } : {}) }
  }
  return {
    'workers.status': status,
    'workers.saveRedis': async (input) => {
      await deps.settings.save(input)
      return status()
    },
    'workers.testRedis': (input) => deps.settings.test(input)
  }
}
