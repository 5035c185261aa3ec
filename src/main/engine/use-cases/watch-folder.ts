import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { StudioError } from '@shared/errors'
import { describeZodError } from '@shared/zod-errors'
import { watchFolderInputSchema, type WatchFolderInfo, type WatchFolderInput } from '@shared/queue'
import type { Clock } from '../queue/clock'
import type { JobStore, WatchFolderRecord } from '../queue/job-store'
import type { WatchFolders } from '../queue/watch-folders'

export interface WatchFolderDeps {
  store: Pick<JobStore, 'listWatchFolders' | 'putWatchFolder' | 'removeWatchFolder'>
  watch: Pick<WatchFolders, 'markExistingSeen' | 'problemOf'>
  clock: Clock
  /** Relative paths in requests are read from here. */
  cwd: string
  /** Output root for a folder that names none. */
  defaultOutputDir?: string
}

export function watchFolderInfo(deps: Pick<WatchFolderDeps, 'watch'>, f: WatchFolderRecord): WatchFolderInfo {
  const info: WatchFolderInfo = { path: f.path, outputDir: f.outputDir, target: f.target, addedAt: f.addedAt, seenCount: Object.keys(f.seen).length }
  const problem = deps.watch.problemOf(f.path)
  if (problem) info.problem = problem
  return info
}

/** Watches a folder: files that appear there (and, by default, those already there) are queued once they stop growing. */
export async function addWatchFolder(deps: WatchFolderDeps, input: WatchFolderInput): Promise<WatchFolderInfo> {
  const parsed = watchFolderInputSchema.safeParse(input)
  if (!parsed.success) throw new StudioError('INVALID_INPUT', describeZodError(parsed.error))
  const request = parsed.data
  const path = resolve(deps.cwd, request.path)
  const isFolder = await stat(path).then((s) => s.isDirectory(), () => false)
  if (!isFolder) throw new StudioError('INVALID_INPUT', `Cannot watch ${path}: it is not a folder.`)
  const outputRoot = request.outputDir ?? deps.defaultOutputDir
  if (!outputRoot) throw new StudioError('INVALID_INPUT', 'Choose an output folder for the packages of this watch folder.')
  const known = deps.store.listWatchFolders().find((f) => f.path === path)
  let record: WatchFolderRecord = {
    path,
    settings: request.settings,
    outputDir: resolve(deps.cwd, outputRoot),
    target: request.target,
    addedAt: known?.addedAt ?? new Date(deps.clock.now()).toISOString(),
    seen: known?.seen ?? {}
  }
  if (!request.includeExisting) record = await deps.watch.markExistingSeen(record)
  await deps.store.putWatchFolder(record)
  return watchFolderInfo(deps, record)
}

export async function removeWatchFolder(deps: Pick<WatchFolderDeps, 'store' | 'cwd'>, path: string): Promise<void> {
  await deps.store.removeWatchFolder(resolve(deps.cwd, path))
}

export function listWatchFolders(deps: Pick<WatchFolderDeps, 'store' | 'watch'>): WatchFolderInfo[] {
  return deps.store.listWatchFolders().map((f) => watchFolderInfo(deps, f))
}

/** The watch folders as the windows, the server and the command line use them. */
export class WatchFolderService {
  constructor(private readonly deps: WatchFolderDeps & { watch: Pick<WatchFolders, 'scanAll'> }) {}

  /** Watches a folder: files that appear there (and, by default, those already there) are queued once they stop growing. */
  add(input: WatchFolderInput): Promise<WatchFolderInfo> {
    return addWatchFolder(this.deps, input)
  }

  remove(path: string): Promise<void> {
    return removeWatchFolder(this.deps, path)
  }

  list(): WatchFolderInfo[] {
    return listWatchFolders(this.deps)
  }

  /** Looks at every watch folder now (the timer does this every couple of seconds). */
  scanAll(): Promise<void> {
    return this.deps.watch.scanAll()
  }
}
