import type { Job, JobStatus } from '@shared/job'
import { resolveEncodeSettings } from '@shared/settings'

let counter = 0

/** A job record as the queue stores it, for tests of the store, ordering and the state machine. */
export function jobRecord(overrides: Partial<Job> = {}): Job {
  counter++
  const status: JobStatus = overrides.status ?? 'QUEUED'
  return {
    id: `job-test-${counter}`,
    slug: 'clip',
    title: 'clip',
    source: { kind: 'file', path: `/media/clip-${counter}.mp4` },
    resourceType: 'auto',
    settings: resolveEncodeSettings({ ladder: [240], images: false }),
    outputDir: '/out',
    status,
    priority: 0,
    position: counter,
    attempts: 0,
    warnings: [],
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, counter)).toISOString(),
    updatedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, counter)).toISOString(),
    progress: { percent: 0, stage: status },
    ...overrides
  }
}
