import { availableParallelism } from 'node:os'

/**
 * How many chunks encode at once when the settings leave it to the studio (0). x264 already
 * spreads one encode over every core (measured on 2 cores: one chunk at a time keeps both
 * ~95% busy, see bench/chunks.ts and the README), so side-by-side chunks only pay once there
 * are cores a single decode and filter graph cannot feed: one more chunk per 4 cores.
 */
export function defaultParallelChunks(cores = availableParallelism()): number {
  return cores <= 4 ? 1 : Math.floor(cores / 4)
}

export function parallelChunksFor(setting: number | undefined, cores?: number): number {
  return setting && setting > 0 ? setting : defaultParallelChunks(cores)
}
