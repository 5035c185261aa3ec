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

/**
 * Where the queue keeps its jobs. The scheduler and the studio only talk to this interface,
 * so a shared backend (BullMQ on Redis, for several machines) can replace the local
 * lowdb file without touching them.
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
