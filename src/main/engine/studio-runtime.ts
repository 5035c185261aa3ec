/**
 * The engine as a window or a browser sees it: the Studio (queue) plus storage, Settings, the
 * Library and the player's sources, with the contract's handlers on top. The desktop shell and
 * `serve` each open one; the command line uses the Studio alone.
 */
import { platform } from 'node:os'
import type { AppInfo, EncoderReport } from '@shared/app'
import type { StudioHandlers } from '@shared/contract'
import { isStudioError } from '@shared/errors'
import type { StudioEvent } from '@shared/events'
import { FULL_ACCESS, type AccessPolicy } from './access-policy'
import { ApiTokenStore } from './automation/api-tokens'
import { WebhookStore } from './automation/webhook-store'
import { createStudioHandlers, type DesktopActions } from './contract-handlers'
import { dataPaths } from './data-dir'
import { secureDataDir } from './data-dir-permissions'
import { LibraryIndex } from './library/library-index'
import { failureDescriber, type DescribeFailure } from './logging/internal-error'
import { SILENT_LOG, type StudioLog } from './logging/studio-log'
import { PlaybackSources } from './library/playback-sources'
import type { BinaryOverrides } from './media/binaries'
import { checkAnswersVersion } from './media/capabilities'
import { encoderReportCache } from './media/hardware/encoder-report'
import { loadMediaToolkit, type MediaToolkit } from './media/toolkit'
import { binaryOverridesFor, defaultSettings, SettingsStore } from './settings/settings-store'
import { isPublicAddress } from './sources/address-guard'
import { PlaybackProxy } from './storage/playback-proxy'
import type { SecretStore } from './storage/secret-store'
import { createStudioStorage, type StudioStorage } from './storage/studio-storage'
import { openStudio, type Studio, type StudioConfig } from './studio'
import { RedisSettings } from './distributed/redis-settings'
import { persistentWorkerToken, reachableUrl, type WorkerEndpointChoice } from './distributed/desktop-workers'
import { startWorkerEndpoint } from './distributed/worker-endpoint'
import { chooseCoordinatorRedis, openStudioCoordination, type CoordinationChoice, type StudioCoordination } from './distributed/studio-coordination'

export interface StudioRuntimeConfig {
  mode: AppInfo['mode']
  dataDir: string
  /** The output folder until Settings name another. */
  defaultOutputDir: string
  version: string
  /** Base of local package URLs: `studio-media://package` or `/media`. */
  mediaBaseUrl: string
  /** The desktop's safeStorage store; headless: the 0600 file with env vars behind it. */
  secrets?: SecretStore
  /** Shown in Settings when secrets are not encrypted at rest. */
  secretStorageNote?: string
  desktop?: DesktopActions
  corsOrigins?: string[]
  /** Page origins that may read the playback proxy cross-origin (the desktop's page); serve relays instead. */
  playbackOrigins?: string[]
  /** Maps a URL of the loopback playback proxy to the one the page uses (serve relays it). */
  proxyUrlForPage?: (proxyOrigin: string, url: string) => string
  /** ffmpeg/ffprobe from command-line flags: they win over Settings. */
  binaries?: BinaryOverrides
  env?: NodeJS.ProcessEnv
  /** What the clients may reach on this machine; absent: full access (the desktop app). */
  policy?: AccessPolicy
  /** Queue tuning for tests (retry policy, lanes, clock…). */
  studio?: Partial<Omit<StudioConfig, 'dataDir' | 'publisher' | 'secrets' | 'binaries' | 'log'>>
  /** The front end's log; default: none. */
  log?: StudioLog
  /**
   * Coordinate chunks through Redis: a URL from `--redis`/`$HLS_STUDIO_REDIS`, else the one in
   * Settings → Workers. Absent: Settings are not consulted and everything runs in this process.
   * Only a front end that serves the worker routes (serve) can coordinate.
   */
  workers?: CoordinationChoice & {
    /** Answer workers on a port of their own (the desktop app; serve answers them beside its pages). */
    endpoint?: WorkerEndpointChoice
  }
}

export interface StudioRuntime {
  studio: Studio
  storage: StudioStorage
  settings: SettingsStore
  library: LibraryIndex
  /** Things the person should know from the start, e.g. a data folder whose mode was tightened. */
  notices: readonly string[]
  /** Plays private buckets; started on first use. */
  playbackProxy: PlaybackProxy
  handlers: StudioHandlers
  log: StudioLog
  /** What a command's failure shows: an internal one is logged and named in plain words. */
  describeFailure: DescribeFailure
  subscribe(listener: (event: StudioEvent) => void): () => void
  /** Chunks shared with workers through Redis; absent: the embedded default. */
  coordination?: StudioCoordination
  /** ffmpeg as Settings choose it now, or why it cannot be used. */
  mediaToolkit(): Promise<MediaToolkit>
  /** Stops ffmpeg and the playback proxy; unfinished jobs stay queued on disk. */
  close(): Promise<void>
}

/** The worker routes on their own port; a port in use is a notice, not a studio that cannot start. */
async function openEndpoint(
  coordination: StudioCoordination,
  choice: WorkerEndpointChoice,
  secrets: SecretStore,
  notices: string[],
  log: StudioLog
): Promise<{ connect: { serverUrl: string; token: string }; close(): Promise<void> } | undefined> {
  try {
    const endpoint = await startWorkerEndpoint(coordination, { ...choice, token: await persistentWorkerToken(secrets) })
    return { connect: { serverUrl: reachableUrl(endpoint.url, choice.host), token: endpoint.token }, close: () => endpoint.close() }
  } catch (error) {
    log.logger.warn({ err: error }, 'the worker routes could not listen')
    notices.push(`Workers cannot reach this studio: ${error instanceof Error ? error.message : String(error)}`)
    return undefined
  }
}

export async function openStudioRuntime(config: StudioRuntimeConfig): Promise<StudioRuntime> {
  const env = config.env ?? process.env
  const log = config.log ?? SILENT_LOG
  const notices = await secureDataDir(config.dataDir)
  const settings = await SettingsStore.open(config.dataDir, defaultSettings(config.defaultOutputDir))
  const storage = createStudioStorage({ dataDir: config.dataDir, env, secrets: config.secrets })
  const policy = config.policy ?? FULL_ACCESS
  const redisSettings = new RedisSettings(settings, storage.targets.secrets)
  const redis = config.workers ? await chooseCoordinatorRedis(config.workers, () => redisSettings.connectionUrl()) : undefined
  // ffmpeg is asked for when a chunk runs, as Settings choose it then.
  const late: { mediaToolkit?: () => Promise<MediaToolkit> } = {}
  const coordination = redis
    ? openStudioCoordination(redis, { localWorker: config.workers?.localWorker, version: config.version, log, ffmpegPath: async () => (await late.mediaToolkit!()).binaries.ffmpeg.path })
    : undefined
  const endpoint = coordination && config.workers?.endpoint ? await openEndpoint(coordination, config.workers.endpoint, storage.targets.secrets, notices, log) : undefined
  // With the choice locked (serve), a saved Settings choice is ignored too: only the command line picks ffmpeg.
  const binaries = (): BinaryOverrides => config.binaries ?? (policy.ffmpegLockedReason ? {} : binaryOverridesFor(settings.get().ffmpeg))
  const initial = settings.get()
  const studio = await openStudio({
    purpose: config.mode === 'desktop' ? 'the HLS Studio app' : 'hls-studio serve',
    ...config.studio,
    ...(coordination ? { chunkRunner: coordination.coordinator.runner } : {}),
    download: { addressAllowed: policy.allowPrivateUrls ? undefined : (policy.addressAllowed ?? isPublicAddress), ...config.studio?.download },
    dataDir: config.dataDir,
    sourceRoots: policy.sourceRoots,
    binaries: binaries(),
    outputDir: initial.outputDir,
    concurrency: initial.concurrency,
    publisher: storage.provider,
    env,
    log
  }).catch(async (error: unknown) => {
    await coordination?.close()
    throw error
  })
  const cacheFile = dataPaths(config.dataDir).capabilities
  const mediaToolkit = (refresh = false): Promise<MediaToolkit> => loadMediaToolkit({ overrides: binaries(), cacheFile, env, refresh })
  late.mediaToolkit = mediaToolkit
  coordination?.follow({ paused: () => studio.jobs.state().paused, subscribe: (listener) => studio.subscribe(listener) })
  const library = new LibraryIndex({
    jobs: () => studio.jobs.list(),
    outputRoots: () => [settings.get().outputDir],
    mediaBaseUrl: config.mediaBaseUrl,
    visibilityOf: async (name) => (await storage.targets.get(name))?.visibility
  })
  const proxy = new PlaybackProxy({ objects: storage.provider, log, allowedOrigins: () => config.playbackOrigins ?? [] })
  const playback = new PlaybackSources({
    library,
    proxy,
    storage: storage.provider,
    proxyUrlForPage: config.proxyUrlForPage,
    findJob: (id) => studio.jobs.list().find((j) => j.id === id)
  })

  const appInfo = async (): Promise<AppInfo> => {
    const current = settings.get()
    const base: AppInfo = {
      version: config.version,
      mode: config.mode,
      platform: `${platform()}-${process.arch}`,
      dataDir: config.dataDir,
      outputDir: current.outputDir,
      ffmpeg: { path: '', source: 'bundled', version: '' },
      ffprobe: { path: '', source: 'bundled' },
      secretStorage: storage.targets.secrets.kind,
      canUseLocalPaths: config.mode === 'desktop'
    }
    if (config.secretStorageNote) base.secretStorageNote = config.secretStorageNote
    if (policy.ffmpegLockedReason) base.ffmpegLockedReason = policy.ffmpegLockedReason
    try {
      const toolkit = await mediaToolkit()
      const { ffmpeg, ffprobe } = toolkit.binaries
      base.ffmpeg = { path: ffmpeg.path, source: ffmpeg.source, version: toolkit.capabilities.version }
      base.ffprobe = { path: ffprobe.path, source: ffprobe.source }
    } catch (error) {
      base.ffmpeg.problem = isStudioError(error) ? error.message : 'ffmpeg could not be started.'
    }
    return base
  }

  const encoderReport = async (refresh: boolean): Promise<EncoderReport> => {
    const toolkit = await mediaToolkit()
    const report = await encoderReportCache(toolkit.encoderCacheFile).get(toolkit.capabilities, { refresh })
    return {
      ffmpegPath: report.ffmpegPath,
      ffmpegVersion: report.ffmpegVersion,
      autoChoice: report.auto,
      testedAt: report.checkedAt,
      encoders: report.encoders.map(({ name, kind, codec, vendor, usable, reason, autoNote }) => ({ name, kind, codec, vendor, usable, reason, autoNote }))
    }
  }

  const handlers = createStudioHandlers({
    studio,
    settings,
    storage,
    library,
    playback,
    appInfo,
    encoderReport,
    workers: { settings: redisSettings, coordination, connect: endpoint?.connect },
    corsOrigins: config.corsOrigins,
    desktop: config.desktop,
    policy,
    automation: { tokens: new ApiTokenStore(config.dataDir), webhooks: new WebhookStore(config.dataDir) },
    checkSettings: async (next, before) => {
      // A wrong ffmpeg path fails here, in Settings, not in the next job.
      if (JSON.stringify(next.ffmpeg) === JSON.stringify(before.ffmpeg)) return
      const toolkit = await loadMediaToolkit({ overrides: binaryOverridesFor(next.ffmpeg), cacheFile, env })
      await checkAnswersVersion(toolkit.binaries.ffprobe.path, 'ffprobe')
    },
    applySettings: (next, before) => {
      if (next.concurrency !== before.concurrency) studio.jobs.setConcurrency(next.concurrency)
      if (JSON.stringify(next.ffmpeg) !== JSON.stringify(before.ffmpeg)) studio.useBinaries(binaries())
    }
  })

  studio.start()
  return {
    studio,
    storage,
    settings,
    library,
    playbackProxy: proxy,
    notices,
    handlers,
    log,
    describeFailure: failureDescriber(log),
    subscribe: (listener) => studio.subscribe(listener),
    coordination,
    mediaToolkit: () => mediaToolkit(),
    async close() {
      await studio.shutdown()
      await endpoint?.close()
      await coordination?.close()
      await proxy.close()
      storage.provider.close()
    }
  }
}
