import type { Job } from '@shared/job'
import type { BatchRecord } from '@shared/queue'
import type { EncodeSettings } from '@shared/settings'

export interface QueueMeta {
  paused: boolean
}

/** A file a watch folder has already turned into a job: the same path, size and mtime is not queued again. */
export interface SeenFile {
  size: number
  mtimeMs: number
}

export interface WatchFolderRecord {
  path: string
  settings: EncodeSettings
  outputDir: string
  target?: string
  addedAt: string
  seen: Record<string, SeenFile>
}

/** Something the person should know about how the store was opened, e.g. a damaged file set aside. */
export interface StoreNotice {
  code: 'STORE_CORRUPT'
  message: string
  backupPath: string
}

/** Turns a claimed QUEUED job into what it becomes (its next status and stamps). */
export type ClaimStep = (queued: Job) => Job

/**
 * Where the queue keeps its jobs. The scheduler and the studio only talk to this interface.
 * Jobs are taken through `claim`/`claimNext`, a compare-and-set in one write, so a shared
 * backend (Redis, for several machines) can stand behind it with the same guarantee: no
 * two claimers ever get the same job.
 *
 * Every read returns a copy: changing a job means `put`ting it back.
 */
export interface JobStore {
  /** Where the data lives, for messages. */
  readonly location: string
  /** What happened while opening, e.g. a corrupt file kept aside. */
  readonly notices: readonly StoreNotice[]

  listJobs(): Job[]
  getJob(id: string): Job | undefined
  /** Saved at once: creations and state changes must survive a crash. */
  putJobs(jobs: readonly Job[]): Promise<void>
  /** Progress only: kept in memory now, written at most about once a second. */
  putProgress(job: Job): void
  removeJob(id: string): Promise<void>
  /**
   * Takes one job if it is still QUEUED: `step` makes its next state, written in the same
   * write as the check. Undefined when it is gone or another claimer took it first.
   */
  claim(id: string, step: ClaimStep): Promise<Job | undefined>
  /** Takes the first QUEUED job, in queue order, that `accept` wants (see claim). */
  claimNext(accept: (job: Job) => boolean, step: ClaimStep): Promise<Job | undefined>

  queueMeta(): QueueMeta
  putQueueMeta(meta: QueueMeta): Promise<void>

  listBatches(): BatchRecord[]
  putBatch(batch: BatchRecord): Promise<void>

  listWatchFolders(): WatchFolderRecord[]
  putWatchFolder(folder: WatchFolderRecord): Promise<void>
  removeWatchFolder(path: string): Promise<void>

  /** Writes anything still pending (throttled progress). */
  flush(): Promise<void>
  close(): Promise<void>
}
