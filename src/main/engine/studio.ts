import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { StudioError } from '@shared/errors'
import type { QueueState } from '@shared/events'
import type { Job, PublishedLocation } from '@shared/job'
import type { AddJobsInput, AddJobsResult, BatchProgress, WatchFolderInfo, WatchFolderInput } from '@shared/queue'
import { dataPaths } from './data-dir'
import { failureDescriber } from './logging/internal-error'
import { logJobStateChanges } from './logging/job-state-log'
import { SILENT_LOG, type StudioLog } from './logging/studio-log'
import type { BinaryOverrides } from './media/binaries'
import { processRegistry } from './media/process-registry'
import { loadMediaToolkit, type MediaToolkit } from './media/toolkit'
import { systemClock, type Clock } from './queue/clock'
import { ControlInbox, type ControlRequest } from './queue/control-inbox'
import { acquireDataDirLock, type DataDirLock } from './queue/data-dir-lock'
import { StudioEventBus, type StudioEventListener } from './queue/event-bus'
import { JobLogs } from './queue/job-log'
import { JobQueue } from './queue/job-queue'
import { JobRecorder } from './queue/job-recorder'
import type { JobStore, StoreNotice } from './queue/job-store'
import type { JobWork } from './queue/job-work'
import { LowdbJobStore } from './queue/lowdb-job-store'
import { PipelineWork, type DownloadLimits } from './queue/pipeline-work'
import { recoverJobs, type RecoveryReport } from './queue/recovery'
import { DEFAULT_RETRY_POLICY } from './queue/retry-policy'
import type { RetryPolicy } from './retry'
import { Scheduler, type LaneLimits } from './queue/scheduler'
import { WatchFolders } from './queue/watch-folders'
import type { ChunkRunner } from './chunks/chunk-runner'
import type { Publisher } from './storage/publisher'
import type { SecretStore } from './storage/secret-store'
import { createStudioStorage } from './storage/studio-storage'
import { WatchFolderService } from './use-cases/watch-folder'

export interface StudioConfig {
  /** Holds the job store, logs, the work folder for downloads and the capability cache. */
  dataDir: string
  binaries?: BinaryOverrides
  /** Default output root for requests that name none. */
  outputDir?: string
  /** Folders a folder walk may reach through symbolic links (serve's media roots); absent: anywhere. */
  sourceRoots?: readonly string[]
  /** Encodes at once (default 1: one encode already fills every core). */
  concurrency?: number
  lanes?: Partial<Omit<LaneLimits, 'encode'>>
  /** Publishes jobs that have a target (default: S3 targets from the data dir). */
  publisher?: Publisher
  /** Where target credentials live (the desktop passes safeStorage); default: the 0600 file, then env vars. */
  secrets?: SecretStore
  retry?: Partial<RetryPolicy>
  download?: DownloadLimits
  watch?: { intervalMs?: number; settleMs?: number }
  /** Shown to a second process that finds the data dir in use, e.g. "hls-studio watch". */
  purpose?: string
  cwd?: string
  env?: NodeJS.ProcessEnv
  clock?: Clock
  /** Replaces the real download/encode/upload work (e.g. a remote worker). */
  work?: JobWork
  /** Where chunks of long videos run (serve with --redis: a BullMQ queue); default: in this process. */
  chunkRunner?: ChunkRunner
  /** The front end's log (job state changes, internal errors); default: none. */
  log?: StudioLog
}

export interface StartOptions {
  /** Only run jobs this accepts (the command line runs just its own). Default: all. */
  accept?: (job: Job) => boolean
  /** Poll the saved watch folders (default true). */
  watchFolders?: boolean
  /** Take cancel/retry requests from other processes (default true). */
  controlRequests?: boolean
}

export interface OpenReport {
  notices: readonly StoreNotice[]
  recovery: RecoveryReport
}

/**
 * The studio: one engine behind the desktop window, the server and the command line.
 * `openStudio` takes the data dir's lock, loads the job list, recovers what a previous run
 * left mid-way, and returns this; `start` begins taking jobs; `shutdown` stops ffmpeg and
 * leaves every unfinished job queued on disk.
 */
export class Studio {
  private closed = false
  private closing: Promise<void> | undefined
  private readonly watch: WatchFolders
  private readonly inbox: ControlInbox
  /** Watch folders: add, remove, list, scan now. */
  readonly watchFolders: WatchFolderService

  private constructor(
    readonly dataDir: string,
    readonly report: OpenReport,
    private readonly lock: DataDirLock,
    private readonly store: JobStore,
    private readonly bus: StudioEventBus,
    private readonly logs: JobLogs,
    private readonly scheduler: Scheduler,
    /** The job queue: add, list, cancel, retry, move, pause, logs… (every front end calls these). */
    readonly jobs: JobQueue,
    private readonly config: StudioConfig
  ) {
    const clock = config.clock ?? systemClock
    this.watch = new WatchFolders({
      store,
      clock,
      ...config.watch,
      sourceRoots: config.sourceRoots,
      log: config.log,
      enqueue: async (folder, files) => {
        await this.jobs.add({
          sources: files.map((f) => f.path),
          settings: folder.settings,
          outputDir: folder.outputDir,
          target: folder.target,
          batchLabel: `watch: ${folder.path}`
        })
      }
    })
    const { cwd = process.cwd(), outputDir } = config
    this.watchFolders = new WatchFolderService({ store, watch: this.watch, clock, cwd, defaultOutputDir: outputDir })
    this.inbox = new ControlInbox(join(dataDir, 'control'), clock, (request) => this.handleControl(request), config.log)
  }

  static async open(config: StudioConfig): Promise<Studio> {
    const dataDir = resolve(config.dataDir)
    const paths = dataPaths(dataDir)
    const clock = config.clock ?? systemClock
    // Only its owner may enter the data folder (jobs, logs, uploads, secrets); serve and the app also tighten an old one.
    await mkdir(dataDir, { recursive: true, mode: 0o700 })
    const lock = await acquireDataDirLock({ dataDir, lockPath: paths.lock, purpose: config.purpose ?? 'HLS Studio' })
    try {
      const store = await LowdbJobStore.open(paths.store, { clock })
      const log = config.log ?? SILENT_LOG
      const bus = new StudioEventBus(clock, undefined, log)
      if (config.log) bus.subscribe(logJobStateChanges(config.log))
      const logs = new JobLogs(paths.logs, log)
      const recorder = new JobRecorder(store, bus, logs, clock)
      const work = config.work ?? new PipelineWork({ toolkit: toolkitLoader(config, paths.capabilities), publisher: config.publisher ?? createStudioStorage({ dataDir, env: config.env, secrets: config.secrets }).provider, workDir: paths.work, download: config.download, chunkRunner: config.chunkRunner })
      let queue: JobQueue | undefined
      const scheduler = new Scheduler({
        store,
        recorder,
        work,
        clock,
        limits: { ...config.lanes, encode: config.concurrency ?? 1 },
        retry: { ...DEFAULT_RETRY_POLICY, ...config.retry },
        describeFailure: failureDescriber(log),
        onQueueChanged: () => queue?.queueChanged()
      })
      queue = new JobQueue({ store, recorder, scheduler, work, bus, logs, clock, defaultOutputDir: config.outputDir, cwd: config.cwd ?? process.cwd(), sourceRoots: config.sourceRoots })
      const recovery = await recoverJobs(store.listJobs(), recorder, work)
      return new Studio(dataDir, { notices: store.notices, recovery }, lock, store, bus, logs, scheduler, queue, config)
    } catch (error) {
      await lock.release()
      throw error
    }
  }

  start(options: StartOptions = {}): void {
    if (this.closed) throw new StudioError('INTERNAL', 'This studio has been shut down.')
    this.scheduler.start(options.accept)
    if (options.watchFolders ?? true) this.watch.start()
    if (options.controlRequests ?? true) this.inbox.start()
  }

  subscribe(listener: StudioEventListener): () => void {
    return this.bus.subscribe(listener)
  }

  /** Jobs that start from now on use these ffmpeg/ffprobe binaries (Settings → ffmpeg). */
  useBinaries(binaries: BinaryOverrides): void {
    this.config.binaries = binaries
  }

  /** Resolves when nothing is running and nothing started is left to run. */
  whenIdle(): Promise<void> {
    return this.scheduler.whenIdle()
  }

  private async handleControl(request: ControlRequest): Promise<void> {
    if (request.action === 'cancel') await this.jobs.cancel(request.jobId)
    else if (request.action === 'retry') await this.jobs.retry(request.jobId)
    else await this.jobs.recordPublication(request.jobId, request.published)
  }

  /** Stops every running job (ffmpeg included); unfinished jobs stay queued on disk for the next start. */
  shutdown(): Promise<void> {
    this.closing ??= this.close()
    return this.closing
  }

  private async close(): Promise<void> {
    this.closed = true
    await Promise.all([this.watch.stop(), this.inbox.stop()])
    const stopping = this.scheduler.shutdown()
    await processRegistry.stopAll('the studio is shutting down')
    await stopping
    this.bus.close()
    await this.logs.flush()
    await this.store.close()
    await this.lock.release()
  }
}

/** Loads ffmpeg's location and capabilities once, on first use; a failure is tried again next time. */
function toolkitLoader(config: StudioConfig, cacheFile: string): () => Promise<MediaToolkit> {
  let loading: Promise<MediaToolkit> | undefined
  let loadedFor: BinaryOverrides | undefined
  return () => {
    // Settings may switch ffmpeg while the studio runs (useBinaries): load again for the new choice.
    if (loadedFor !== config.binaries) loading = undefined
    loadedFor = config.binaries
    loading ??= loadMediaToolkit({ overrides: config.binaries, cacheFile, env: config.env }).catch((error: unknown) => {
      loading = undefined
      throw error
    })
    return loading
  }
}

export function openStudio(config: StudioConfig): Promise<Studio> {
  return Studio.open(config)
}
