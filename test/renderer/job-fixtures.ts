import type { QueueState } from '@shared/events'
import type { Job } from '@shared/job'
import { resolveEncodeSettings } from '@shared/settings'

let counter = 0

/** A job id as the engine makes them (job-<uuid>), unique per call. */
export function jobId(): string {
  counter += 1
  return `job-00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`
}

export function makeJob(overrides: Partial<Job> = {}): Job {
  const id = overrides.id ?? jobId()
  const stamp = overrides.createdAt ?? new Date(Date.UTC(2026, 0, 1, 12, 0, counter)).toISOString()
  return {
    id,
    slug: 'holiday-film',
    title: 'Holiday film',
    source: { kind: 'file', path: '/media/in/holiday-film.mp4' },
    resourceType: 'auto',
    settings: resolveEncodeSettings(),
    outputDir: '/media/out',
    status: 'QUEUED',
    priority: 0,
    attempts: 0,
    warnings: [],
    createdAt: stamp,
    updatedAt: stamp,
    progress: { percent: 0, stage: 'QUEUED' },
    ...overrides
  }
}

export function makeQueue(overrides: Partial<QueueState> = {}): QueueState {
  return { paused: false, concurrency: 1, counts: {}, order: [], ...overrides }
}

/** The same job later in time, as the engine sends it in job-updated. */
export function later(job: Job, patch: Partial<Job>): Job {
  const updatedAt = new Date(Date.parse(job.updatedAt) + 1000).toISOString()
  return { ...job, ...patch, updatedAt }
}
