import type { Job } from './job'
import type { JobLogLevel } from './log-levels'

export interface QueueState {
  paused: boolean
  concurrency: number
  counts: Record<string, number>
  /** Job ids in the order the scheduler will take them. */
  order: string[]
}

export interface JobLogLine {
  jobId: string
  at: string
  level: JobLogLevel
  line: string
}

/** Everything that changes reaches every window and browser through this one stream. */
export type StudioEvent =
  | { type: 'job-created'; job: Job }
  | { type: 'job-updated'; job: Job }
  | { type: 'job-log'; log: JobLogLine }
  | { type: 'job-completed'; job: Job }
  | { type: 'job-failed'; job: Job }
  | { type: 'job-cancelled'; job: Job }
  | { type: 'job-removed'; jobId: string }
  | { type: 'queue-changed'; queue: QueueState }

export type StudioEventType = StudioEvent['type']

export const STUDIO_EVENT_TYPES: readonly StudioEventType[] = [
  'job-created',
  'job-updated',
  'job-log',
  'job-completed',
  'job-failed',
  'job-cancelled',
  'job-removed',
  'queue-changed'
]
