import { availableParallelism } from 'node:os'

/**
 * How many chunks encode at once when the settings leave it to the studio (0). x264 already
 * spreads one encode over every core: on 2 cores, two chunks at once took 1.55× as long as one
 * at a time (bench/chunks.ts, README), so side-by-side chunks only pay once there are cores a
 * single decode and filter graph cannot feed. One more chunk per 4 cores is a guess, unmeasured.
 */
export function defaultParallelChunks(cores = availableParallelism()): number {
  return cores <= 4 ? 1 : Math.floor(cores / 4)
}

export function parallelChunksFor(setting: number | undefined, cores?: number): number {
  return setting && setting > 0 ? setting : defaultParallelChunks(cores)
}
