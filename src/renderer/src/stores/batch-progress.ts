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
 * The batches a person is watching: every one with work left, oldest first (two drops encode
 * one after the other, and each has its own "1 of 2"); with none left, the newest one.
 * Computed here from the jobs (already in the store) rather than asked for on every update.
 */
export function watchedBatches(jobs: Record<string, Job>, labels: Record<string, string>): BatchView[] {
  // The header, the title and the taskbar all ask after each store update: compute once per jobs object.
  const cached = lastBatches
  if (cached && cached.jobs === jobs && cached.labels === labels) return cached.views
  const views = computeBatches(jobs, labels)
  lastBatches = { jobs, labels, views }
  return views
}

let lastBatches: { jobs: Record<string, Job>; labels: Record<string, string>; views: BatchView[] } | undefined

/**
 * One view of everything being watched, for the window title and the taskbar: the batch itself
 * when one runs, else all running batches counted together ("3 of 12" across two drops).
 */
export function currentBatch(jobs: Record<string, Job>, labels: Record<string, string>): BatchView | undefined {
  const batches = watchedBatches(jobs, labels)
  if (batches.length <= 1) return batches[0]
  const members = new Set(batches.map((b) => b.batchId))
  return summarize('all', `${batches.length} batches`, Object.values(jobs).filter((j) => j.batchId && members.has(j.batchId)))
}

function computeBatches(jobs: Record<string, Job>, labels: Record<string, string>): BatchView[] {
  const byBatch = new Map<string, Job[]>()
  for (const job of Object.values(jobs)) {
    if (!job.batchId) continue
    const key = job.batchId
    const list = byBatch.get(key)
    if (list) list.push(job)
    else byBatch.set(key, [job])
  }
  const batches = [...byBatch].map(([id, list]) => ({
    id,
    list,
    oldest: list.reduce((min, j) => (j.createdAt < min ? j.createdAt : min), list[0]!.createdAt),
    open: list.some((j) => j.status === 'QUEUED' || ACTIVE_STATUSES.has(j.status))
  }))
  const open = batches.filter((b) => b.open).sort((a, b) => a.oldest.localeCompare(b.oldest))
  const shown = open.length > 0 ? open : batches.sort((a, b) => b.oldest.localeCompare(a.oldest)).slice(0, 1)
  return shown.map((b) => summarize(b.id, labels[b.id] ?? 'Batch', b.list))
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
