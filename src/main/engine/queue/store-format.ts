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

function checkBatch(value: unknown, index: number): BatchRecord {
  if (!isRecord(value)) throw new StoreFormatError(`batch ${index + 1} is not an object`)
  if (typeof value.id !== 'string' || typeof value.label !== 'string') throw new StoreFormatError(`batch ${index + 1} has no id or label`)
  if (!Array.isArray(value.jobIds) || value.jobIds.some((id) => typeof id !== 'string')) throw new StoreFormatError(`batch ${value.id} has no usable job list`)
  return { skipped: [], ...value } as unknown as BatchRecord
}

function checkWatchFolder(value: unknown, index: number): WatchFolderRecord {
  if (!isRecord(value)) throw new StoreFormatError(`watch folder ${index + 1} is not an object`)
  if (typeof value.path !== 'string' || !value.path) throw new StoreFormatError(`watch folder ${index + 1} has no path`)
  if (typeof value.outputDir !== 'string' || !isRecord(value.settings)) throw new StoreFormatError(`watch folder ${value.path} lacks its settings or output folder`)
  return { seen: {}, ...value } as unknown as WatchFolderRecord
}

/** An entry of the store that failed its check: kept, beside the store, with the reason. */
export interface DamagedEntry {
  list: 'jobs' | 'batches' | 'watchFolders'
  reason: string
  entry: unknown
}

/** Checks each entry on its own: one damaged entry is set aside, the rest stay usable. */
function checkEach<T>(list: DamagedEntry['list'], values: unknown, check: (value: unknown, index: number) => T, damaged: DamagedEntry[]): T[] {
  if (!Array.isArray(values)) return []
  const kept: T[] = []
  values.forEach((value, index) => {
    try {
      kept.push(check(value, index))
    } catch (error) {
      if (!(error instanceof StoreFormatError)) throw error
      damaged.push({ list, reason: error.reason, entry: value })
    }
  })
  return kept
}

/**
 * Reads the store file's text. Checks the shape a damaged or hand-edited file would break
 * (not every field: the studio wrote it), so one bad byte gives a clear message instead of
 * a crash deep in the scheduler.
 */
export function parseStore(text: string, damaged: DamagedEntry[] = []): StoreData {
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
    jobs: checkEach('jobs', raw.jobs, checkJob, damaged),
    batches: checkEach('batches', raw.batches, checkBatch, damaged),
    watchFolders: checkEach('watchFolders', raw.watchFolders, checkWatchFolder, damaged)
  }
}
