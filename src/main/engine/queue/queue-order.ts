import type { Job } from '@shared/job'

/** Which lane a queued job needs next. */
export type Lane = 'download' | 'encode' | 'upload'

/**
 * The order the scheduler takes queued jobs in: higher priority first, then the manual
 * position, then the order they were added.
 */
export function compareQueueOrder(a: Job, b: Job): number {
  if (a.priority !== b.priority) return b.priority - a.priority
  const pa = a.position ?? Number.MAX_SAFE_INTEGER
  const pb = b.position ?? Number.MAX_SAFE_INTEGER
  if (pa !== pb) return pa - pb
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id.localeCompare(b.id)
}

export function queuedInOrder(jobs: readonly Job[]): Job[] {
  return jobs.filter((j) => j.status === 'QUEUED').sort(compareQueueOrder)
}

/**
 * A queued job's next step: a finished local package with a target only uploads; a URL
 * not yet downloaded downloads; everything else encodes.
 */
export function laneOf(job: Job): Lane {
  if (job.outputs && job.target && !job.outputs.published) return 'upload'
  if (job.source.kind === 'url' && !job.downloadedPath) return 'download'
  return 'encode'
}

/** Due now, or waiting out the backoff after a transient failure. */
export function isDue(job: Job, now: number): boolean {
  return !job.retryAt || Date.parse(job.retryAt) <= now
}

/** The next free position, so a new job goes to the end of its priority. */
export function nextPosition(jobs: readonly Job[]): number {
  return jobs.reduce((max, j) => Math.max(max, j.position ?? 0), 0) + 1
}

/**
 * Moves one queued job to `toIndex` among the queued jobs (0 = next to run) and returns
 * the jobs whose position changed. Priority still ranks first; the job takes the priority
 * of its new neighbourhood so the move is what the person sees.
 */
export function moveInQueue(jobs: readonly Job[], jobId: string, toIndex: number): Job[] {
  const queued = queuedInOrder(jobs)
  const from = queued.findIndex((j) => j.id === jobId)
  if (from < 0) return []
  const [moving] = queued.splice(from, 1)
  const index = Math.max(0, Math.min(queued.length, Math.trunc(toIndex)))
  queued.splice(index, 0, moving!)
  const neighbour = queued[index + 1] ?? queued[index - 1]
  const changed: Job[] = []
  queued.forEach((job, i) => {
    const priority = job.id === jobId && neighbour ? neighbour.priority : job.priority
    if (job.position !== i + 1 || job.priority !== priority) changed.push({ ...job, position: i + 1, priority })
  })
  return changed
}

/** Stable text of a value with sorted keys, so equal settings give equal keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** Two jobs with this same key would produce the same package: the second is a duplicate. */
export function dedupeKey(job: Pick<Job, 'source' | 'settings' | 'outputDir' | 'target' | 'title'>): string {
  const source = job.source.kind === 'file' ? `file:${job.source.path}` : `url:${job.source.url}`
  return canonical({ source, settings: job.settings, outputDir: job.outputDir, target: job.target ?? null, title: job.title })
}
