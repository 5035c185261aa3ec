import { pathToFileURL } from 'node:url'

/**
 * Where the app's windows may go: nowhere but the app itself. Links to the web open in the
 * person's browser, and only http(s) ones without credentials in them (Electron security
 * checklist: "Do not use shell.openExternal with untrusted content", "Limit navigation",
 * "Limit creation of new windows").
 */

/** The renderer's own URL: the built index.html, or the dev server in `electron-vite dev`. */
export function appUrlMatcher(rendererFile: string | undefined, devServerUrl: string | undefined): (url: string) => boolean {
  return (url) => {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      return false
    }
    if (devServerUrl) return parsed.origin === new URL(devServerUrl).origin
    if (!rendererFile) return false
    const expected = pathToFileURL(rendererFile).pathname
    return parsed.protocol === 'file:' && decodeURIComponent(parsed.pathname) === decodeURIComponent(expected)
  }
}

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && !parsed.username && !parsed.password
}

export type NavigationDecision = { action: 'allow' } | { action: 'deny'; openExternally: boolean }

/** A navigation or a window.open: stay in the app, or leave to the browser when allowed. */
export function decideNavigation(url: string, isAppUrl: (url: string) => boolean): NavigationDecision {
  if (isAppUrl(url)) return { action: 'allow' }
  return { action: 'deny', openExternally: isAllowedExternalUrl(url) }
}

/** Permissions a page of the studio may have: copying a URL, and a full-screen player. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'fullscreen'])

/**
 * One rule for both of Electron's permission hooks: the request handler (a page asks) and the
 * check handler (a page asks whether it has it, e.g. the Permissions API or clipboard). Without
 * a check handler Electron answers "granted" to checks. Only the studio's own page, only ALLOWED_PERMISSIONS.
 */
export function grantsPermission(permission: string, requestingUrl: string | undefined, isAppUrl: (url: string) => boolean): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && typeof requestingUrl === 'string' && isAppUrl(requestingUrl)
}
