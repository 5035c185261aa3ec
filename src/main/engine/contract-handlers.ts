/**
 * The engine side of the contract: one handler per command of STUDIO_COMMANDS, on top of the
 * Studio (queue), storage, Settings, the Library and the player's sources. Inputs arrive
 * validated by the dispatcher; handlers throw StudioErrors in plain words. If a command is
 * added to the contract and not here, this file stops compiling.
 */
import type { AppInfo, EncoderReport, StudioSettings } from '@shared/app'
import type { AccessPolicy } from './access-policy'
import type { StudioHandlers } from '@shared/contract'
import { appHandlers } from './contract-handlers-app'
import { automationHandlers, type AutomationStores } from './contract-handlers-automation'
import { jobHandlers } from './contract-handlers-jobs'
import { libraryHandlers } from './contract-handlers-library'
import { storageHandlers } from './contract-handlers-storage'
import { workerHandlers, type WorkerDeps } from './contract-handlers-workers'
import type { LibraryIndex } from './library/library-index'
import type { PlaybackSources } from './library/playback-sources'
import type { SettingsStore } from './settings/settings-store'
import type { StudioStorage } from './storage/studio-storage'
import type { Studio } from './studio'

/** What only the desktop shell can do; absent in `serve`, where these commands answer UNSUPPORTED. */
export interface DesktopActions {
  pickSources(kind: 'files' | 'folder'): Promise<string[]>
  pickFolder(title?: string): Promise<string | null>
  reveal(path: string): Promise<void>
  openExternal(url: string): Promise<boolean>
}

export interface StudioHandlerDeps {
  studio: Studio
  settings: SettingsStore
  storage: StudioStorage
  library: LibraryIndex
  playback: PlaybackSources
  appInfo: () => Promise<AppInfo>
  encoderReport: (refresh: boolean) => Promise<EncoderReport>
  /** Refuses Settings that cannot work (an ffmpeg path that does not run) before they are saved. */
  checkSettings?: (next: StudioSettings, before: StudioSettings) => Promise<void>
  /** Puts changed Settings to work (concurrency, ffmpeg) once they are saved. */
  applySettings?: (next: StudioSettings, before: StudioSettings) => Promise<void> | void
  /** Origins the bucket's CORS rule should allow by default (e.g. the serve page's own). */
  corsOrigins?: string[]
  desktop?: DesktopActions
  /** What this client may reach on the machine (serve: confined); absent: full access. */
  policy?: AccessPolicy
  /** API tokens and webhooks of the data dir. */
  automation?: AutomationStores
  /** Settings → Workers: the saved Redis, and the coordination running now, if any. */
  workers: WorkerDeps
}

export function createStudioHandlers(deps: StudioHandlerDeps): StudioHandlers {
  return { ...appHandlers(deps), ...jobHandlers(deps), ...storageHandlers(deps), ...libraryHandlers(deps), ...automationHandlers(deps), ...workerHandlers(deps.workers) }
}
