import { SESSION_PATH } from '@shared/wire'

/**
 * The login link carries the token in its fragment (`/#token=…`), which never reaches a server
 * or its logs. The server's login page normally exchanges it; a page that already had a session
 * still gets the fragment out of the address bar and history, and refreshes its session with it.
 */
export function exchangeLoginFragment(): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash)
  if (!match) return
  window.history.replaceState(null, '', window.location.pathname + window.location.search)
  void fetch(SESSION_PATH, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: decodeURIComponent(match[1]!) }) }).catch(() => undefined)
}
