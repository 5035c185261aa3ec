import { stat } from 'node:fs/promises'
import type { Job } from '@shared/job'
import type { BatchProgress, WatchFolderInfo } from '@shared/queue'
import { dataPaths } from '../data-dir'
import { batchProgress } from './batches'
import { dataDirLockHolder, type LockOwner } from './data-dir-lock'
import type { StoreNotice } from './job-store'
import { LowdbJobStore } from './lowdb-job-store'
import { queuedInOrder } from './queue-order'

export interface StudioSnapshot {
  jobs: Job[]
  batches: BatchProgress[]
  paused: boolean
  /** Queued job ids in the order they will run. */
  order: string[]
  watchFolders: WatchFolderInfo[]
  notices: readonly StoreNotice[]
  /** The process using the data dir right now, if any: its jobs may be moving. */
  holder?: LockOwner
}

/**
 * The job list as it is on disk, read without the lock and without writing anything, so
 * `hls-studio jobs` works beside a running studio. The store is replaced atomically on
 * every write, so this never sees half a file.
 */
export async function readStudioSnapshot(dataDir: string): Promise<StudioSnapshot> {
  const paths = dataPaths(dataDir)
  const holder = await dataDirLockHolder(paths.lock)
  const exists = await stat(paths.store).then(() => true, () => false)
  if (!exists) return { jobs: [], batches: [], paused: false, order: [], watchFolders: [], notices: [], holder }
  const store = await LowdbJobStore.open(paths.store, { readOnly: true })
  const jobs = store.listJobs()
  return {
    jobs,
    batches: store.listBatches().map((b) => batchProgress(b, jobs)),
    paused: store.queueMeta().paused,
    order: queuedInOrder(jobs).map((j) => j.id),
    watchFolders: store.listWatchFolders().map((f) => ({ path: f.path, outputDir: f.outputDir, target: f.target, addedAt: f.addedAt, seenCount: Object.keys(f.seen).length })),
    notices: store.notices,
    holder
  }
}
