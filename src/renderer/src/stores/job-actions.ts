import { moveInOrder } from './queue-layout'
import { useJobsStore } from './jobs-store'
import { attempt } from './notices-store'
import { studio } from './studio-client'

/**
 * What a person can do to a job or the queue. Each action asks the engine and lets the event
 * stream bring the result back; a refusal becomes a readable notice.
 */
export const jobActions = {
  cancel: (id: string) => attempt(() => studio().invoke('jobs.cancel', { id })),
  retry: (id: string) => attempt(() => studio().invoke('jobs.retry', { id })),
  retryUpload: (id: string) => attempt(() => studio().invoke('jobs.retryUpload', { id })),
  remove: (id: string, deleteOutputs = false) => attempt(() => studio().invoke('jobs.remove', { id, deleteOutputs })),
  pause: () => attempt(() => studio().invoke('queue.pause')),
  resume: () => attempt(() => studio().invoke('queue.resume')),

  /** Shows the new order at once, then asks the engine; its queue-changed answer is the truth. */
  async move(id: string, toIndex: number): Promise<void> {
    const store = useJobsStore.getState()
    const before = store.queue?.order
    if (before) store.setOrder(moveInOrder(before, id, toIndex))
    const queue = await attempt(() => studio().invoke('jobs.move', { id, toIndex }))
    if (queue) useJobsStore.getState().setQueue(queue)
    else if (before) useJobsStore.getState().setOrder(before)
  }
}
