/**
 * The desktop app: one engine (a StudioRuntime on the user data folder) behind one hardened
 * window, the contract over IPC, the studio-media:// protocol, keychain secrets, OS
 * notifications and taskbar progress. Electron is passed in, so nothing here loads it by itself.
 */
import { join } from 'node:path'
import type * as Electron from 'electron'
import { RENDERER_CSP_HEADER } from '@shared/csp'
import { openDataDirLog } from '../engine/logging/data-dir-log'
import { openStudioRuntime, type StudioRuntime } from '../engine/studio-runtime'
import { desktopWorkersChoice } from '../engine/distributed/desktop-workers'
import { appMenuTemplate } from './app-menu'
import { BatchTracker } from './batch-tracker'
import { desktopActions } from './desktop-actions'
import { bridgeContractToIpc } from './ipc-bridge'
import { MEDIA_BASE_URL, MEDIA_SCHEME_PRIVILEGES, registerMediaProtocol } from './media-protocol'
import { appUrlMatcher, grantsPermission } from './navigation-policy'
import { guardQuit } from './quit-guard'
import { chooseDesktopSecretStore } from './safe-storage-secrets'
import { createStudioWindow } from './window-factory'

type ElectronApi = typeof Electron

export interface DesktopAppPaths {
  /** The built preload, out/preload/index.cjs. */
  preload: string
  /** The built renderer page, out/renderer/index.html. */
  rendererFile: string
}

export async function startDesktopApp(electron: ElectronApi, paths: DesktopAppPaths): Promise<void> {
  const { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, safeStorage, session, shell } = electron
  // Must happen before 'ready'.
  protocol.registerSchemesAsPrivileged([MEDIA_SCHEME_PRIVILEGES])
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  await app.whenReady()

  const { rendererFile } = paths
  const devServer = process.env.ELECTRON_RENDERER_URL
  const isAppUrl = appUrlMatcher(rendererFile, devServer)
  let window: Electron.BrowserWindow | undefined
  const dataDir = app.getPath('userData')
  const secrets = chooseDesktopSecretStore(safeStorage, dataDir)
  // The app's log: <data dir>/studio.log, rotated by size (the engine's RotatingLogFile, tested without Electron).
  const log = openDataDirLog(dataDir, { base: { app: 'desktop', version: app.getVersion() } })
  app.on('quit', () => log.close())

  let runtime: StudioRuntime
  try {
    runtime = await openStudioRuntime({
      mode: 'desktop',
      dataDir,
      log,
      defaultOutputDir: join(app.getPath('videos'), 'HLS Studio'),
      version: app.getVersion(),
      mediaBaseUrl: MEDIA_BASE_URL,
      secrets: secrets.store,
      secretStorageNote: secrets.note,
      // XHR from the file:// page says Origin: null; a dev server has its own origin.
      playbackOrigins: ['null', ...(devServer ? [new URL(devServer).origin] : [])],
      desktop: desktopActions(dialog, shell, () => window),
      // A coordinator when Settings → Workers (or $HLS_STUDIO_REDIS) name a Redis; else nothing changes.
      workers: desktopWorkersChoice(process.env)
    })
  } catch (error) {
    log.logger.error({ err: error }, 'the studio could not start')
    // e.g. the data folder is in use by `hls-studio serve`: say so, do not start half an app.
    dialog.showErrorBox('HLS Studio cannot start', error instanceof Error ? error.message : String(error))
    app.exit(1)
    return
  }

  registerMediaProtocol(protocol, (jobId) => runtime.library.packageDirOf(jobId))
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(grantsPermission(permission, details.requestingUrl ?? contents?.getURL(), isAppUrl))
  )
  session.defaultSession.setPermissionCheckHandler((contents, permission, _origin, details) =>
    grantsPermission(permission, details.requestingUrl ?? contents?.getURL(), isAppUrl)
  )
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP_HEADER] } })
  })
  bridgeContractToIpc({ ipcMain, handlers: runtime.handlers, subscribe: runtime.subscribe, isTrustedPage: isAppUrl, describeFailure: runtime.describeFailure })

  const openExternal = (url: string): void => void shell.openExternal(url)
  const openWindow = (): Electron.BrowserWindow => {
    const created = createStudioWindow(
      BrowserWindow,
      { width: 1280, height: 820, minWidth: 900, minHeight: 560, show: false, title: 'HLS Studio', preload: paths.preload },
      { isAppUrl, openExternal }
    )
    created.once('ready-to-show', () => created.show())
    created.on('closed', () => {
      if (window === created) window = undefined
    })
    if (devServer) void created.loadURL(devServer)
    else void created.loadFile(rendererFile)
    return created
  }
  window = openWindow()

  const addPicked = async (kind: 'files' | 'folder'): Promise<void> => {
    const picked = await desktopActions(dialog, shell, () => window).pickSources(kind)
    if (picked.length) await runtime.handlers['jobs.add']({ sources: picked, priority: 0, force: false })
  }
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        addFiles: () => void addPicked('files'),
        addFolder: () => void addPicked('folder'),
        openOutputFolder: () => void shell.openPath(runtime.settings.get().outputDir)
      })
    )
  )

  const batches = new BatchTracker(() => runtime.studio.jobs.batches(), () => runtime.studio.jobs.list())
  runtime.subscribe((event) => {
    const notice = batches.noticeFor(event)
    if (notice && Notification.isSupported()) new Notification({ title: notice.title, body: notice.body }).show()
    // -1 removes the bar; the dock and taskbar show the running batches as one.
    if (event.type !== 'job-log') window?.setProgressBar(batches.progress() ?? -1)
  })

  guardQuit(app, dialog, { jobs: () => runtime.studio.jobs.list(), shutdown: () => runtime.close() })
  app.on('second-instance', () => {
    if (!window) window = openWindow()
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('activate', () => {
    if (!window) window = openWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
