import { stat } from 'node:fs/promises'
import { walkFolder, type MediaCandidate } from '../sources/folder-walk'
import type { Clock, ClockTimer } from './clock'
import type { JobStore, SeenFile, WatchFolderRecord } from './job-store'
import { SILENT_LOG, type StudioLog } from '../logging/studio-log'

export interface WatchFolderOptions {
  store: JobStore
  clock: Clock
  /** Queues the files of a folder that are ready. */
  enqueue: (folder: WatchFolderRecord, files: MediaCandidate[]) => Promise<void>
  /** How often folders are looked at. */
  intervalMs?: number
  /** Folders a walk may reach through symbolic links (serve's media roots); absent: anywhere. */
  sourceRoots?: readonly string[]
  /** A file must keep the same size and mtime for this long before it is taken. */
  settleMs?: number
  log?: StudioLog
}

interface Observation extends SeenFile {
  since: number
}

/**
 * Hot folders. A new file is queued only once it has stopped growing: the same size and
 * mtime across looks at least `settleMs` apart, so a copy or a recording still in progress
 * is left alone. Files turned into jobs are remembered in the store (path, size, mtime),
 * so a restart does not queue them again; a file replaced by a different one is new.
 *
 * Polling rather than fs.watch: it behaves the same on every OS and on network shares.
 */
export class WatchFolders {
  private readonly observed = new Map<string, Observation>()
  /** The scan of each folder in progress (or last done): scans of one folder never overlap. */
  private readonly scanning = new Map<string, Promise<void>>()
  private readonly problems = new Map<string, string>()
  private timer: ClockTimer | undefined
  private running = false

  constructor(private readonly options: WatchFolderOptions) {}

  private get intervalMs(): number {
    return this.options.intervalMs ?? 2000
  }

  private get settleMs(): number {
    return this.options.settleMs ?? 3000
  }

  /** Why a folder is not being watched right now, if it is not. */
  problemOf(path: string): string | undefined {
    return this.problems.get(path)
  }

  start(): void {
    this.running = true
    this.schedule()
  }

  /** Stops looking; resolves once a scan in progress has finished. */
  async stop(): Promise<void> {
    this.running = false
    if (this.timer) this.options.clock.clearTimeout(this.timer)
    this.timer = undefined
    await Promise.all(this.scanning.values())
  }

  private schedule(): void {
    if (!this.running) return
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined
      // A failed look (e.g. the store closing, a folder gone) is logged and tried again at the next interval.
      this.scanAll()
        .catch((error: unknown) => (this.options.log ?? SILENT_LOG).logger.warn({ err: error }, 'could not look at the watch folders'))
        .finally(() => this.schedule())
    }, this.intervalMs)
  }

  /** Remembers what is in the folder now, so only files that arrive later are queued. */
  async markExistingSeen(folder: WatchFolderRecord): Promise<WatchFolderRecord> {
    const walk = await walkFolder(folder.path, { confineTo: this.options.sourceRoots })
    const seen = { ...folder.seen }
    for (const file of walk.media) {
      const info = await stat(file.path).catch(() => undefined)
      if (info) seen[file.path] = { size: info.size, mtimeMs: info.mtimeMs }
    }
    return { ...folder, seen }
  }

  async scanAll(): Promise<void> {
    for (const folder of this.options.store.listWatchFolders()) await this.scan(folder.path)
  }

  /** Looks at one folder once (after a look already in progress) and queues the files that have settled. */
  scan(path: string): Promise<void> {
    const next = (this.scanning.get(path) ?? Promise.resolve()).then(() => this.scanOnce(path))
    // The chain only orders looks; the caller of this look gets its failure.
    this.scanning.set(path, next.catch(() => undefined))
    return next
  }

  private async scanOnce(path: string): Promise<void> {
    const folder = this.options.store.listWatchFolders().find((f) => f.path === path)
    if (!folder) return
    const ready = await this.settledFiles(folder)
    if (!ready.length) return
    await this.options.enqueue(folder, ready.map((r) => r.candidate))
    // Read again: the store may have changed while the jobs were being added.
    const latest = this.options.store.listWatchFolders().find((f) => f.path === path)
    if (!latest) return
    const seen = { ...latest.seen }
    for (const r of ready) {
      seen[r.candidate.path] = r.file
      this.observed.delete(r.candidate.path)
    }
    await this.options.store.putWatchFolder({ ...latest, seen })
  }

  private async settledFiles(folder: WatchFolderRecord): Promise<Array<{ candidate: MediaCandidate; file: SeenFile }>> {
    const exists = await stat(folder.path).then((s) => s.isDirectory(), () => false)
    if (!exists) {
      this.problems.set(folder.path, `The watch folder ${folder.path} cannot be read (missing or not a folder).`)
      return []
    }
    this.problems.delete(folder.path)
    const now = this.options.clock.now()
    const walk = await walkFolder(folder.path, { confineTo: this.options.sourceRoots })
    const ready: Array<{ candidate: MediaCandidate; file: SeenFile }> = []
    for (const candidate of walk.media) {
      const info = await stat(candidate.path).catch(() => undefined)
      // An empty file is a copy that has not started yet.
      if (!info || info.size === 0) continue
      const file: SeenFile = { size: info.size, mtimeMs: info.mtimeMs }
      const seen = folder.seen[candidate.path]
      if (seen && seen.size === file.size && seen.mtimeMs === file.mtimeMs) continue
      const before = this.observed.get(candidate.path)
      if (!before || before.size !== file.size || before.mtimeMs !== file.mtimeMs) {
        this.observed.set(candidate.path, { ...file, since: now })
        continue
      }
      if (now - before.since >= this.settleMs) ready.push({ candidate, file })
    }
    return ready
  }
}
