import { create } from 'zustand'
import type { QueueState } from '@shared/events'
import type { Job } from '@shared/job'
import type { BatchProgress } from '@shared/queue'

interface JobsState {
  jobs: Record<string, Job>
  queue: QueueState | undefined
  loaded: boolean
  /** Batch ids to the name of their drop, e.g. the folder's name. */
  batchLabels: Record<string, string>
  /** Batch ids to the drop they came from, when one drop made several batches (browser uploads). */
  /**
   * Bumped when a job appears, goes, or changes status, or the waiting line is reordered:
   * the list layout depends on nothing else, so progress ticks never re-lay the list.
   */
  layoutEpoch: number
  load: (jobs: Job[], queue: QueueState, batches: BatchProgress[]) => void
  /** Applies job changes and removals (null) in one store update. */
  applyJobChanges: (changes: ReadonlyMap<string, Job | null>) => void
  setQueue: (queue: QueueState) => void
  /** The waiting line as shown before the engine confirms a move. */
  setOrder: (order: string[]) => void
  rememberBatches: (batches: ReadonlyArray<{ id: string; label: string }>) => void
}

function sameOrder(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((id, i) => id === b[i])
}

export const useJobsStore = create<JobsState>()((set, get) => ({
  jobs: {},
  queue: undefined,
  loaded: false,
  batchLabels: {},
  layoutEpoch: 0,
  load: (jobs, queue, batches) =>
    set((s) => ({
      // Events that arrived while the list was on its way may be newer than the list.
      jobs: { ...s.jobs, ...Object.fromEntries(jobs.filter((j) => !(s.jobs[j.id] && s.jobs[j.id]!.updatedAt > j.updatedAt)).map((j) => [j.id, j])) },
      queue,
      loaded: true,
      batchLabels: { ...s.batchLabels, ...Object.fromEntries(batches.map((b) => [b.batchId, b.label])) },
      layoutEpoch: s.layoutEpoch + 1
    })),
  applyJobChanges: (changes) => {
    if (changes.size === 0) return
    const { jobs } = get()
    const next = { ...jobs }
    let relayout = false
    for (const [id, job] of changes) {
      const before = jobs[id]
      if (job === null) {
        if (before) {
          delete next[id]
          relayout = true
        }
        continue
      }
      // A late progress tick must not undo a newer state (events of one job arrive in order,
      // but a list loaded at start may be newer than a tick already in flight).
      if (before && before.updatedAt > job.updatedAt) continue
      next[id] = job
      if (!before || before.status !== job.status) relayout = true
    }
    set((s) => ({ jobs: next, layoutEpoch: relayout ? s.layoutEpoch + 1 : s.layoutEpoch }))
  },
  setQueue: (queue) =>
    set((s) => ({ queue, layoutEpoch: sameOrder(s.queue?.order, queue.order) ? s.layoutEpoch : s.layoutEpoch + 1 })),
  setOrder: (order) =>
    set((s) => (s.queue ? { queue: { ...s.queue, order }, layoutEpoch: s.layoutEpoch + 1 } : {})),
  rememberBatches: (batches) =>
    set((s) => ({
      batchLabels: { ...s.batchLabels, ...Object.fromEntries(batches.map((b) => [b.id, b.label])) }
    }))
}))
