import { mkdir, rename, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Low } from 'lowdb'
import { DataFile } from 'lowdb/node'
import { StudioError } from '@shared/errors'
import type { Job } from '@shared/job'
import type { BatchRecord } from '@shared/queue'
import { systemClock, type Clock, type ClockTimer } from './clock'
import type { ClaimStep, JobStore, QueueMeta, StoreNotice, WatchFolderRecord } from './job-store'
import { queuedInOrder } from './queue-order'
import { emptyStore, parseStore, StoreFormatError, StoreTooNewError, type DamagedEntry, type StoreData } from './store-format'

export interface LowdbStoreOptions {
  clock?: Clock
  /** Longest a progress-only change waits before it is written. */
  progressFlushMs?: number
  /** Read without ever writing: for a second process listing jobs while the first holds the lock. */
  readOnly?: boolean
}

function clone<T>(value: T): T {
  return structuredClone(value)
}

function backupName(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  return join(dirname(file), `${basename(file)}.corrupt-${stamp}`)
}

/**
 * The local job store: one JSON file in the data dir, written with lowdb, whose writer
 * (steno) replaces the file atomically (temp file, then rename), so a crash mid-write
 * leaves the previous version. State changes are written at once; progress is batched.
 */
export class LowdbJobStore implements JobStore {
  readonly notices: StoreNotice[] = []
  private progressTimer: ClockTimer | undefined
  private progressDirty = false
  private closed = false
  private lastWrite: Promise<void> = Promise.resolve()

  private constructor(
    readonly location: string,
    private readonly db: Low<StoreData>,
    private readonly options: Required<Omit<LowdbStoreOptions, 'clock'>> & { clock: Clock }
  ) {}

  static async open(file: string, options: LowdbStoreOptions = {}): Promise<LowdbJobStore> {
    const resolved = { clock: options.clock ?? systemClock, progressFlushMs: options.progressFlushMs ?? 1000, readOnly: options.readOnly ?? false }
    const damaged: DamagedEntry[] = []
    const parse = (text: string): StoreData => parseStore(text, damaged)
    const db = new Low<StoreData>(new DataFile<StoreData>(file, { parse, stringify: (d) => JSON.stringify(d, null, 1) }), emptyStore())
    const store = new LowdbJobStore(file, db, resolved)
    if (!resolved.readOnly) await mkdir(dirname(file), { recursive: true })
    try {
      await db.read()
      if (damaged.length) await store.setEntriesAside(damaged.splice(0))
    } catch (error) {
      if (error instanceof StoreTooNewError) {
        throw new StudioError('STORE_CORRUPT', `The job list ${file} was ${error.message}. Update HLS Studio, or use another data folder.`)
      }
      if (!(error instanceof StoreFormatError)) throw error
      await store.setAside(error.reason)
    }
    return store
  }

  /** Keeps damaged entries in a file beside the store, with their reasons; the rest of the store goes on. */
  private async setEntriesAside(damaged: DamagedEntry[]): Promise<void> {
    const reasons = damaged.map((d) => d.reason).join('; ')
    if (this.options.readOnly) {
      this.notices.push({ code: 'STORE_CORRUPT', backupPath: this.location, message: `Some entries of the job list ${this.location} could not be read (${reasons}); they were skipped.` })
      return
    }
    const backupPath = `${backupName(this.location, new Date(this.options.clock.now()))}.entries.json`
    await writeFile(backupPath, `${JSON.stringify(damaged, null, 1)}\n`, { mode: 0o600 })
    await this.db.write()
    this.notices.push({
      code: 'STORE_CORRUPT',
      backupPath,
      message: `${damaged.length === 1 ? 'An entry' : `${damaged.length} entries`} of the job list ${this.location} could not be read (${reasons}). ${damaged.length === 1 ? 'It was' : 'They were'} kept in ${backupPath}; everything else is as it was.`
    })
  }

  /** Keeps the damaged file for inspection and starts with an empty list: never a crash, never silent. */
  private async setAside(reason: string): Promise<void> {
    const backupPath = backupName(this.location, new Date(this.options.clock.now()))
    if (this.options.readOnly) {
      this.notices.push({ code: 'STORE_CORRUPT', backupPath: this.location, message: `The job list ${this.location} could not be read: ${reason}.` })
      return
    }
    await rename(this.location, backupPath)
    this.db.data = emptyStore()
    await this.db.write()
    this.notices.push({
      code: 'STORE_CORRUPT',
      backupPath,
      message: `The job list ${this.location} could not be read: ${reason}. It was kept as ${backupPath} and an empty job list was started.`
    })
  }

  private get data(): StoreData {
    return this.db.data
  }

  private async write(): Promise<void> {
    if (this.options.readOnly) throw new StudioError('INTERNAL', `The job list ${this.location} is open read-only.`)
    if (this.closed) throw new StudioError('INTERNAL', `The job list ${this.location} is closed.`)
    // A full write carries the latest progress too.
    this.progressDirty = false
    const writing = this.db.write()
    // lastWrite only orders what follows; this caller awaits `writing` and gets its failure.
    this.lastWrite = writing.catch(() => undefined)
    await writing
  }

  listJobs(): Job[] {
    return this.data.jobs.map(clone)
  }

  getJob(id: string): Job | undefined {
    const job = this.data.jobs.find((j) => j.id === id)
    return job ? clone(job) : undefined
  }

  private upsert(job: Job): void {
    const index = this.data.jobs.findIndex((j) => j.id === job.id)
    if (index >= 0) this.data.jobs[index] = clone(job)
    else this.data.jobs.push(clone(job))
  }

  async putJobs(jobs: readonly Job[]): Promise<void> {
    for (const job of jobs) this.upsert(job)
    await this.write()
  }

  // One process owns this file (the data-dir lock), so the check and the change happen in one
  // turn of the event loop, before the write: no other claim can come between them.
  async claim(id: string, step: ClaimStep): Promise<Job | undefined> {
    const current = this.getJob(id)
    if (current?.status !== 'QUEUED') return undefined
    return this.take(current, step)
  }

  async claimNext(accept: (job: Job) => boolean, step: ClaimStep): Promise<Job | undefined> {
    const next = queuedInOrder(this.listJobs()).find(accept)
    return next ? this.take(next, step) : undefined
  }

  private async take(queued: Job, step: ClaimStep): Promise<Job> {
    const claimed = step(queued)
    this.upsert(claimed)
    await this.write()
    return clone(claimed)
  }

  putProgress(job: Job): void {
    this.upsert(job)
    this.progressDirty = true
    if (this.progressTimer || this.options.readOnly || this.closed) return
    this.progressTimer = this.options.clock.setTimeout(() => {
      this.progressTimer = undefined
      // A failed progress write is retried with the next change; the next state change writes anyway.
      if (this.progressDirty && !this.closed) this.write().catch(() => undefined)
    }, this.options.progressFlushMs)
  }

  async removeJob(id: string): Promise<void> {
    this.data.jobs = this.data.jobs.filter((j) => j.id !== id)
    await this.write()
  }

  queueMeta(): QueueMeta {
    return clone(this.data.queue)
  }

  async putQueueMeta(meta: QueueMeta): Promise<void> {
    this.data.queue = clone(meta)
    await this.write()
  }

  listBatches(): BatchRecord[] {
    return this.data.batches.map(clone)
  }

  async putBatch(batch: BatchRecord): Promise<void> {
    this.data.batches = [...this.data.batches.filter((b) => b.id !== batch.id), clone(batch)]
    await this.write()
  }

  listWatchFolders(): WatchFolderRecord[] {
    return this.data.watchFolders.map(clone)
  }

  async putWatchFolder(folder: WatchFolderRecord): Promise<void> {
    const others = this.data.watchFolders.filter((f) => f.path !== folder.path)
    this.data.watchFolders = [...others, clone(folder)]
    await this.write()
  }

  async removeWatchFolder(path: string): Promise<void> {
    this.data.watchFolders = this.data.watchFolders.filter((f) => f.path !== path)
    await this.write()
  }

  async flush(): Promise<void> {
    if (this.progressTimer) this.options.clock.clearTimeout(this.progressTimer)
    this.progressTimer = undefined
    if (this.progressDirty && !this.options.readOnly && !this.closed) await this.write()
    // A timer-started progress write may still be on its way to disk.
    await this.lastWrite
  }

  async close(): Promise<void> {
    await this.flush()
    this.closed = true
  }
}
