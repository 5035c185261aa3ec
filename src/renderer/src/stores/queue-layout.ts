import { ACTIVE_STATUSES, isFinal, type Job } from '@shared/job'

export type QueueSection = 'active' | 'queued' | 'finished'

export type QueueListItem =
  | { kind: 'header'; section: QueueSection; count: number }
  | { kind: 'job'; id: string; section: QueueSection; indexInSection: number }

export const SECTION_TITLES: Record<QueueSection, string> = {
  active: 'In progress',
  queued: 'Up next',
  finished: 'Finished'
}

/** The scheduler's own rule (priority, manual position, age) for jobs the order list does not cover yet. */
function compareWaiting(a: Job, b: Job): number {
  if (a.priority !== b.priority) return b.priority - a.priority
  const pa = a.position ?? Number.MAX_SAFE_INTEGER
  const pb = b.position ?? Number.MAX_SAFE_INTEGER
  if (pa !== pb) return pa - pb
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)
}

/**
 * What the queue list shows, top to bottom: running jobs, then the waiting line in the order
 * the scheduler will take it (the queue's `order`, which drag-to-reorder changes), then
 * finished jobs, newest first.
 */
export function layoutQueue(jobs: Record<string, Job>, order: readonly string[] = []): QueueListItem[] {
  const all = Object.values(jobs)
  const active = all
    .filter((j) => ACTIVE_STATUSES.has(j.status))
    .sort((a, b) => (a.startedAt ?? a.createdAt).localeCompare(b.startedAt ?? b.createdAt))
  const rank = new Map(order.map((id, i) => [id, i]))
  const queued = all
    .filter((j) => j.status === 'QUEUED')
    .sort((a, b) => {
      const ra = rank.get(a.id)
      const rb = rank.get(b.id)
      if (ra !== undefined && rb !== undefined) return ra - rb
      if (ra !== undefined) return -1
      if (rb !== undefined) return 1
      return compareWaiting(a, b)
    })
  const finished = all
    .filter((j) => isFinal(j.status))
    .sort((a, b) => (b.finishedAt ?? b.updatedAt).localeCompare(a.finishedAt ?? a.updatedAt))

  const items: QueueListItem[] = []
  const add = (section: QueueSection, list: Job[]): void => {
    if (list.length === 0) return
    items.push({ kind: 'header', section, count: list.length })
    list.forEach((job, indexInSection) => items.push({ kind: 'job', id: job.id, section, indexInSection }))
  }
  add('active', active)
  add('queued', queued)
  add('finished', finished)
  return items
}

/** The ids of the waiting line as shown, for reordering. */
export function waitingIds(items: readonly QueueListItem[]): string[] {
  return items.flatMap((item) => (item.kind === 'job' && item.section === 'queued' ? [item.id] : []))
}

/** The waiting line with one job moved to `toIndex`: the optimistic order while jobs.move runs. */
export function moveInOrder(order: readonly string[], id: string, toIndex: number): string[] {
  const next = order.filter((x) => x !== id)
  if (next.length === order.length) return [...order]
  next.splice(Math.max(0, Math.min(next.length, toIndex)), 0, id)
  return next
}
