/**
 * The one place a BrowserWindow is created (a test fails the build if `new BrowserWindow`
 * appears anywhere else). Every window gets the hardened web preferences, whatever the caller
 * passes, and navigation guards: no new windows, no navigation away from the app, external
 * links to the browser after the allow-check.
 * https://www.electronjs.org/docs/latest/tutorial/security
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContents } from 'electron'
import { decideNavigation } from './navigation-policy'

export const HARDENED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  // A file dropped outside the drop zone must not replace the app with the file.
  navigateOnDragDrop: false
} as const

export interface WindowGuards {
  isAppUrl: (url: string) => boolean
  openExternal: (url: string) => void
}

export type StudioWindowOptions = Omit<BrowserWindowConstructorOptions, 'webPreferences'> & { preload: string }

/** What the factory hands to the BrowserWindow constructor: the hardened preferences always win. */
export function hardenedWindowOptions({ preload, ...options }: StudioWindowOptions): BrowserWindowConstructorOptions {
  return { ...options, webPreferences: { preload, ...HARDENED_WEB_PREFERENCES } }
}

export function guardNavigation(contents: WebContents, guards: WindowGuards): void {
  const leave = (event: { preventDefault(): void }, url: string): void => {
    const decision = decideNavigation(url, guards.isAppUrl)
    if (decision.action === 'allow') return
    event.preventDefault()
    if (decision.openExternally) guards.openExternal(url)
  }
  contents.on('will-navigate', leave)
  contents.on('will-redirect', leave)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideNavigation(url, () => false)
    if (decision.action === 'deny' && decision.openExternally) guards.openExternal(url)
    return { action: 'deny' }
  })
}

export function createStudioWindow(BrowserWindowClass: typeof BrowserWindow, options: StudioWindowOptions, guards: WindowGuards): BrowserWindow {
  const window = new BrowserWindowClass(hardenedWindowOptions(options))
  guardNavigation(window.webContents, guards)
  return window
}
