/**
 * Fails the build when a window could be created without the hardened settings: every
 * `new BrowserWindow` must be the factory's, the factory's preferences must win over a
 * caller's, and the built preload must need nothing a sandbox lacks.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { createStudioWindow, HARDENED_WEB_PREFERENCES, hardenedWindowOptions, type StudioWindowOptions } from '../../../src/main/electron/window-factory'
import { appUrlMatcher, decideNavigation, grantsPermission, isAllowedExternalUrl } from '../../../src/main/electron/navigation-policy'

const ROOT = join(__dirname, '..', '..', '..')
const FACTORY = 'src/main/electron/window-factory.ts'

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx|js|mjs|cjs)$/.test(f))
    .map((f) => join(ROOT, dir, f))
}

describe('hardened windows', () => {
  it('creates BrowserWindows only in the window factory', () => {
    const offenders = sources('src')
      .filter((file) => relative(ROOT, file) !== FACTORY)
      .filter((file) => /new\s+(?:electron\s*\.\s*)?BrowserWindow\s*\(|new\s+BrowserView\s*\(|webPreferences\s*:/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file))
    expect(offenders).toEqual([])
    // The check above would pass vacuously if the factory itself were gone.
    expect(readFileSync(join(ROOT, FACTORY), 'utf8')).toMatch(/new BrowserWindowClass\(hardenedWindowOptions\(options\)\)/)
  })

  it('gives every window contextIsolation, sandbox, no Node and web security, whatever the caller asks', () => {
    const sneaky = { width: 800, preload: '/app/preload.cjs', webPreferences: { nodeIntegration: true, sandbox: false, contextIsolation: false, webSecurity: false } } as unknown as StudioWindowOptions
    const options = hardenedWindowOptions(sneaky)
    expect(options.webPreferences).toEqual({ preload: '/app/preload.cjs', ...HARDENED_WEB_PREFERENCES })
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false })
    expect(options.width).toBe(800)
  })

  it('the factory hands exactly those options to BrowserWindow', () => {
    let received: BrowserWindowConstructorOptions | undefined
    const listeners: string[] = []
    let openHandler: ((details: { url: string }) => { action: string }) | undefined
    // Only what the factory touches: it records its constructor options and guard registrations.
    class RecordingWindow {
      webContents = {
        on: (event: string) => listeners.push(event),
        setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler)
      }
      constructor(options: BrowserWindowConstructorOptions) {
        received = options
      }
    }
    const opened: string[] = []
    createStudioWindow(RecordingWindow as unknown as typeof BrowserWindow, { preload: '/p.cjs', show: false }, { isAppUrl: () => false, openExternal: (url) => opened.push(url) })
    expect(received?.webPreferences).toMatchObject(HARDENED_WEB_PREFERENCES)
    expect(listeners).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']))
    expect(openHandler?.({ url: 'https://example.com/docs' })).toEqual({ action: 'deny' })
    expect(openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://example.com/docs'])
  })

  it('keeps navigation inside the app and lets only plain http(s) links out', () => {
    const isApp = appUrlMatcher('/opt/HLS Studio/resources/app.asar/out/renderer/index.html', undefined)
    expect(isApp('file:///opt/HLS%20Studio/resources/app.asar/out/renderer/index.html#/library')).toBe(true)
    expect(isApp('file:///etc/passwd')).toBe(false)
    expect(isApp('https://evil.example/')).toBe(false)
    const dev = appUrlMatcher(undefined, 'http://localhost:5173')
    expect(dev('http://localhost:5173/src/main.tsx')).toBe(true)
    expect(dev('http://localhost:5174/')).toBe(false)
    expect(decideNavigation('https://evil.example/', isApp)).toEqual({ action: 'deny', openExternally: true })
    expect(decideNavigation('studio-media://package/x', isApp)).toEqual({ action: 'deny', openExternally: false })
    for (const url of ['file:///etc/passwd', 'smb://server/share', 'javascript:alert(1)', 'https://user:pw@example.com/', 'not a url']) expect(isAllowedExternalUrl(url), url).toBe(false)
  })

  it('answers permission requests and permission checks with one rule: the app’s page, and only clipboard writes and full screen', () => {
    const isApp = appUrlMatcher('/opt/HLS Studio/resources/app.asar/out/renderer/index.html', undefined)
    const page = 'file:///opt/HLS%20Studio/resources/app.asar/out/renderer/index.html'
    expect(grantsPermission('fullscreen', page, isApp)).toBe(true)
    expect(grantsPermission('clipboard-sanitized-write', page, isApp)).toBe(true)
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'usb', 'openExternal']) {
      expect(grantsPermission(permission, page, isApp), permission).toBe(false)
    }
    expect(grantsPermission('fullscreen', 'https://evil.example/', isApp)).toBe(false)
    expect(grantsPermission('fullscreen', undefined, isApp)).toBe(false)
    // Without a check handler Electron answers every check "granted": both hooks must be set, with this rule.
    const app = readFileSync(join(ROOT, 'src/main/electron/desktop-app.ts'), 'utf8')
    expect(app).toMatch(/setPermissionRequestHandler\([^)]*\) =>\s*callback\(grantsPermission\(/)
    expect(app).toMatch(/setPermissionCheckHandler\([^)]*\) =>\s*grantsPermission\(/)
  })

  it('the renderer page carries the same CSP as the headers, without unsafe-eval', async () => {
    const { RENDERER_CSP } = await import('../../../src/shared/csp')
    const html = readFileSync(join(ROOT, 'src/renderer/index.html'), 'utf8')
    expect(/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]).toBe(RENDERER_CSP)
    expect(RENDERER_CSP).not.toContain('unsafe-eval')
    expect(RENDERER_CSP).toMatch(/script-src 'self'(;|$)/)
  })

  it('the built preload requires nothing but electron (a sandboxed preload can load nothing else)', () => {
    const built = join(ROOT, 'out', 'preload', 'index.cjs')
    if (!existsSync(built)) throw new Error('Build first: npm run build (out/preload/index.cjs is missing).')
    const required = [...readFileSync(built, 'utf8').matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])
    expect(new Set(required)).toEqual(new Set(['electron']))
  })
})
