import { JOB_STATUSES, type Job } from '@shared/job'
import type { BatchRecord } from '@shared/queue'
import type { QueueMeta, WatchFolderRecord } from './job-store'

export const STORE_VERSION = 1

/** The whole store file: one JSON document, rewritten atomically on every save. */
export interface StoreData {
  version: typeof STORE_VERSION
  queue: QueueMeta
  jobs: Job[]
  batches: BatchRecord[]
  watchFolders: WatchFolderRecord[]
}

export function emptyStore(): StoreData {
  return { version: STORE_VERSION, queue: { paused: false }, jobs: [], batches: [], watchFolders: [] }
}

/** The file cannot be used as it is; `reason` says why in words. */
export class StoreFormatError extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'StoreFormatError'
  }
}

/** The file was written by a newer HLS Studio: never overwrite it or set it aside. */
export class StoreTooNewError extends Error {
  constructor(readonly version: number) {
    super(`written by a newer version of HLS Studio (format ${version})`)
    this.name = 'StoreTooNewError'
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const STATUSES: ReadonlySet<string> = new Set(JOB_STATUSES)

function checkJob(value: unknown, index: number): Job {
  if (!isRecord(value)) throw new StoreFormatError(`job ${index + 1} is not an object`)
  const { id, status, source, settings, progress } = value
  if (typeof id !== 'string' || !id) throw new StoreFormatError(`job ${index + 1} has no id`)
  if (typeof status !== 'string' || !STATUSES.has(status)) throw new StoreFormatError(`job ${id} has an unknown status`)
  if (!isRecord(source) || (source.kind !== 'file' && source.kind !== 'url')) {
    throw new StoreFormatError(`job ${id} has no usable source`)
  }
  if (!isRecord(settings) || !isRecord(progress)) throw new StoreFormatError(`job ${id} lacks settings or progress`)
  return value as unknown as Job
}

/**
 * Reads the store file's text. Checks the shape a damaged or hand-edited file would break
 * (not every field: the studio wrote it), so one bad byte gives a clear message instead of
 * a crash deep in the scheduler.
 */
export function parseStore(text: string): StoreData {
  if (!text.trim()) throw new StoreFormatError('the file is empty (cut short while being written?)')
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new StoreFormatError(`the file is not valid JSON (${(error as Error).message})`)
  }
  if (!isRecord(raw)) throw new StoreFormatError('the file does not hold a JSON object')
  if (typeof raw.version === 'number' && raw.version > STORE_VERSION) throw new StoreTooNewError(raw.version)
  if (raw.version !== STORE_VERSION) throw new StoreFormatError('the file has no known format version')
  if (!Array.isArray(raw.jobs)) throw new StoreFormatError('the job list is missing')
  const base = emptyStore()
  return {
    version: STORE_VERSION,
    queue: isRecord(raw.queue) ? { paused: raw.queue.paused === true } : base.queue,
    jobs: raw.jobs.map(checkJob),
    batches: Array.isArray(raw.batches) ? (raw.batches as BatchRecord[]) : [],
    watchFolders: Array.isArray(raw.watchFolders) ? (raw.watchFolders as WatchFolderRecord[]) : []
  }
}
