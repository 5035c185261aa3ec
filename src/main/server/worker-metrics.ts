import type { ChunkCoordinator } from '../engine/distributed/chunk-coordinator'
import { metric } from './metrics'

const label = (value: string): string => value.replace(/["\\\n]/g, '_')

/** The chunk queue for Prometheus: depth by state, chunks per worker, durations, failures and retries. */
export async function workerMetrics(coordinator: ChunkCoordinator): Promise<string[]> {
  // Redis away: the queue families are left out rather than reported as zero.
  const counts = await coordinator.queueCounts().catch(() => undefined)
  const workers = await coordinator.workers().catch(() => [])
  const { stats } = coordinator
  return [
    ...(counts ? metric('hls_studio_chunk_queue_jobs', 'gauge', 'Chunk jobs on the BullMQ queue by state.', Object.entries(counts).map(([state, n]) => [`{state="${state}"}`, n])) : []),
    ...metric('hls_studio_worker_active_chunks', 'gauge', 'Chunks each worker heard from is encoding now.', workers.map((w) => [`{worker="${label(w.name)}"}`, w.active.length])),
    ...metric('hls_studio_chunk_seconds_sum', 'counter', 'Seconds from queueing to answer, summed over finished chunks.', [['', Number(stats.seconds.toFixed(3))]]),
    ...metric('hls_studio_chunk_seconds_count', 'counter', 'Chunks finished on the queue since this server started.', [['', stats.done]]),
    ...metric('hls_studio_chunk_failures_total', 'counter', 'Chunks that failed every attempt.', [['', stats.failed]]),
    ...metric('hls_studio_chunk_retries_total', 'counter', 'Chunk attempts beyond the first.', [['', stats.retries]])
  ]
}
