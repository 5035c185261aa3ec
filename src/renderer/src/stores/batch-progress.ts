import { ACTIVE_STATUSES, type Job } from '@shared/job'

export interface BatchView {
  batchId: string
  label: string
  total: number
  /** Jobs that reached an end state: the 3 in "3 of 10". */
  finished: number
  completed: number
  failed: number
  cancelled: number
  active: number
  /** Mean of the jobs' percents, 0–100: how far the whole drop is. */
  percent: number
}

/**
 * The batch a person is watching: the newest one with work left, else the newest one.
 * Computed here from the jobs (already in the store) rather than asked for on every update.
 */
export function currentBatch(jobs: Record<string, Job>, labels: Record<string, string>): BatchView | undefined {
  // The header, the title and the taskbar all ask after each store update: compute once per jobs object.
  const cached = lastBatch
  if (cached && cached.jobs === jobs && cached.labels === labels) return cached.view
  const view = computeBatch(jobs, labels)
  lastBatch = { jobs, labels, view }
  return view
}

let lastBatch: { jobs: Record<string, Job>; labels: Record<string, string>; view: BatchView | undefined } | undefined

function computeBatch(jobs: Record<string, Job>, labels: Record<string, string>): BatchView | undefined {
  const byBatch = new Map<string, Job[]>()
  for (const job of Object.values(jobs)) {
    if (!job.batchId) continue
    const key = job.batchId
    const list = byBatch.get(key)
    if (list) list.push(job)
    else byBatch.set(key, [job])
  }
  let chosen: { id: string; jobs: Job[]; newest: string; open: boolean } | undefined
  for (const [id, list] of byBatch) {
    const newest = list.reduce((max, j) => (j.createdAt > max ? j.createdAt : max), '')
    const open = list.some((j) => j.status === 'QUEUED' || ACTIVE_STATUSES.has(j.status))
    const better = !chosen || (open && !chosen.open) || (open === chosen.open && newest > chosen.newest)
    if (better) chosen = { id, jobs: list, newest, open }
  }
  if (!chosen) return undefined
  return summarize(chosen.id, labels[chosen.id] ?? 'Batch', chosen.jobs)
}

export function summarize(batchId: string, label: string, jobs: readonly Job[]): BatchView {
  let completed = 0
  let failed = 0
  let cancelled = 0
  let active = 0
  let percentSum = 0
  for (const job of jobs) {
    if (job.status === 'COMPLETED') completed += 1
    else if (job.status === 'FAILED') failed += 1
    else if (job.status === 'CANCELLED') cancelled += 1
    else if (ACTIVE_STATUSES.has(job.status)) active += 1
    percentSum += job.status === 'COMPLETED' || job.status === 'FAILED' || job.status === 'CANCELLED' ? 100 : job.progress.percent
  }
  return {
    batchId,
    label,
    total: jobs.length,
    finished: completed + failed + cancelled,
    completed,
    failed,
    cancelled,
    active,
    percent: jobs.length > 0 ? percentSum / jobs.length : 0
  }
}

/** "3 of 10 · 42% — HLS Studio" while a batch runs, so the taskbar tells how far it is. */
export function windowTitle(batch: BatchView | undefined, paused: boolean): string {
  if (!batch || batch.finished === batch.total) return 'HLS Studio'
  const state = paused ? 'paused' : `${Math.floor(batch.percent)}%`
  return `${batch.finished} of ${batch.total} · ${state} — HLS Studio`
}
