import type { StudioEvent } from '@shared/events'
import type { ChunkCoordinator } from './chunk-coordinator'

export interface PausableQueue {
  paused(): boolean
  subscribe(listener: (event: StudioEvent) => void): () => void
}

/**
 * Keeps the chunk queue paused exactly while the studio's queue is: applied at once, then on
 * every change. Changes are applied one after another, so a quick pause-resume never lands
 * in the wrong order. Returns the stop function.
 */
export function followQueuePause(coordinator: Pick<ChunkCoordinator, 'setPaused'>, queue: PausableQueue, onError: (error: Error) => void): () => void {
  let applied: boolean | undefined
  let chain: Promise<void> = Promise.resolve()
  const apply = (paused: boolean): void => {
    if (paused === applied) return
    applied = paused
    chain = chain.then(() => coordinator.setPaused(paused)).catch((error: unknown) => onError(error instanceof Error ? error : new Error(String(error))))
  }
  apply(queue.paused())
  return queue.subscribe((event) => {
    if (event.type === 'queue-changed') apply(event.queue.paused)
  })
}
