import { randomBytes } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type {} from '@fastify/cookie'

/** Sessions are in memory: a restarted serve asks for the login link again. Enough for every tab of a person. */
const MAX_SESSIONS = 1000

/**
 * A browser's login. The cookie holds a random session id, never the token, and a session works
 * only from the origin that opened it: browsers send cookies to every port of a host (RFC 6265
 * §8.5), so another local service sees the cookie, but a page there cannot use it (its requests
 * carry its own Origin or `Sec-Fetch-Site: same-site`), and it never learns the token.
 */
export class BrowserSessions {
  private readonly origins = new Map<string, string>()

  /** The port is known once the server listens (0 picks one). */
  constructor(private readonly port: () => number) {}

  /** Per-port, so two studios on one host do not overwrite each other; `__Host-` where TLS allows it. */
  cookieName(secure: boolean): string {
    return secure ? '__Host-hls_studio_session' : `hls_studio_session_${this.port()}`
  }

  open(origin: string): string {
    const id = randomBytes(32).toString('base64url')
    this.origins.set(id, origin)
    if (this.origins.size > MAX_SESSIONS) this.origins.delete(this.origins.keys().next().value!)
    return id
  }

  /** The origin of the session the request's cookie names, if any. */
  originOf(request: FastifyRequest): string | undefined {
    for (const name of [this.cookieName(false), this.cookieName(true)]) {
      const id = request.cookies[name]
      const origin = id ? this.origins.get(id) : undefined
      if (origin) return origin
    }
    return undefined
  }
}

/** `http://host:port` as the browser would write the origin of this request's page. */
export function requestOrigin(origin: string | undefined, host: string | undefined): string | undefined {
  if (!origin || !host) return undefined
  try {
    const parsed = new URL(origin)
    return parsed.host === host ? parsed.origin : undefined
  } catch {
    return undefined
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Whether a cookie-carrying request comes from the page of `sessionOrigin`. A page elsewhere,
 * another port of 127.0.0.1 included, sends its own Origin (always on a POST or a WebSocket)
 * and `Sec-Fetch-Site: same-site` or `cross-site`. `none` is a typed address or a bookmark,
 * fine for reading, never for a change. A request with neither header is not from a browser
 * page at all: it should use `Authorization: Bearer`.
 */
export function fromSessionOrigin(request: FastifyRequest, sessionOrigin: string): boolean {
  if (new URL(sessionOrigin).host !== request.headers.host) return false
  const origin = request.headers.origin
  if (origin) return origin === sessionOrigin
  const site = request.headers['sec-fetch-site']
  if (site === 'same-origin') return true
  if (!SAFE_METHODS.has(request.method)) return false
  // A typed address or bookmark (`none`), or a link followed to the studio from another port:
  // a top-level page load changes nothing, and another page cannot read what it shows.
  return site === 'none' || (site === 'same-site' && request.headers['sec-fetch-mode'] === 'navigate' && request.headers['sec-fetch-dest'] === 'document')
}
