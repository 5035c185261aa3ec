import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type {} from '@fastify/cookie'
import { SESSION_PATH, WS_PATH } from '@shared/wire'
import { bearerToken, tokenMatches } from './access-token'
import { fromSessionOrigin, requestOrigin, type BrowserSessions } from './browser-sessions'
import { LOGIN_PAGE_HTML, LOGIN_SCRIPT, LOGIN_SCRIPT_PATH, UNAUTHORIZED_TEXT } from './login-page'

declare module 'fastify' {
  interface FastifyRequest {
    /** Whether the request carried the serve token (Bearer) or a session cookie used from its own origin. */
    studioAuthorized: boolean
  }
}

function isWebSocketUpgrade(request: FastifyRequest): boolean {
  return request.headers.upgrade?.toLowerCase() === 'websocket'
}

function refuse(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ ok: false, error: { code, message } })
}

/**
 * `POST /api/session` with `{ "token": … }` as JSON, from the studio's own page only (a
 * matching Origin; a JSON body is not something a no-cors form or fetch can send). Answers
 * with the session cookie: HttpOnly, SameSite=Strict, `Secure` and `__Host-` under TLS.
 */
function acceptLogins(app: FastifyInstance, token: string, sessions: BrowserSessions): void {
  app.post(SESSION_PATH, async (request, reply) => {
    const origin = requestOrigin(request.headers.origin, request.headers.host)
    if (!origin) return refuse(reply, 403, 'FORBIDDEN', 'A login must come from the studio’s own page.')
    const given = (request.body as { token?: unknown } | undefined)?.token
    if (typeof given !== 'string' || !tokenMatches(given, token)) return refuse(reply, 401, 'UNAUTHORIZED', 'That is not this studio’s token. Open the link `hls-studio serve` printed.')
    const secure = origin.startsWith('https:')
    reply.setCookie(sessions.cookieName(secure), sessions.open(origin), { httpOnly: true, sameSite: 'strict', path: '/', secure })
    return reply.send({ ok: true })
  })
}

/**
 * Every HTTP and WebSocket request needs the token: as `Authorization: Bearer`, or as the
 * session cookie the login page gets for it, used from the origin that logged in. The login
 * link carries the token in its fragment (`/#token=…`), which browsers never send: the login
 * page's script posts it to /api/session and drops it from the address bar. A WebSocket
 * without it is let through to its handler only to be closed at once with 4401, so the page
 * can tell "wrong token" from "server down".
 * Paths under `ownTokenPrefixes` (the worker routes) are left to their own token check.
 */
/** A further way in, judged after the serve token and the session (the API's tokens). */
export type ExtraAccess = (request: FastifyRequest, path: string) => Promise<boolean>

export interface GuardOptions {
  extraAccess?: ExtraAccess
  /** Path prefixes whose routes check a token of their own (the workers'). */
  ownTokenPrefixes?: readonly string[]
}

export function guardWithToken(app: FastifyInstance, token: string, sessions: BrowserSessions, options: GuardOptions = {}): void {
  const { extraAccess, ownTokenPrefixes = [] } = options
  app.decorateRequest('studioAuthorized', false)
  acceptLogins(app, token, sessions)
  app.get(LOGIN_SCRIPT_PATH, async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(LOGIN_SCRIPT))
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!
    // Routes with a token of their own (workers'): they check it, and serve's token is no key to them.
    if (ownTokenPrefixes.some((prefix) => path.startsWith(`${prefix}/`))) return
    if (tokenMatches(bearerToken(request.headers.authorization), token)) {
      request.studioAuthorized = true
      return
    }
    // An API token, like the serve token, is enough by itself, whatever cookie comes along.
    if (extraAccess && (await extraAccess(request, path))) {
      request.studioAuthorized = true
      return
    }
    const sessionOrigin = sessions.originOf(request)
    if (sessionOrigin && fromSessionOrigin(request, sessionOrigin)) {
      request.studioAuthorized = true
      return
    }
    if ((path === SESSION_PATH && request.method === 'POST') || (path === LOGIN_SCRIPT_PATH && request.method === 'GET')) return
    if (isWebSocketUpgrade(request) && path === WS_PATH) return
    const status = 401
    if (sessionOrigin) {
      return reply.code(403).send({ ok: false, error: { code: 'FORBIDDEN', message: 'This request came from a page that is not the studio’s own (another site or another port), so it was refused.' } })
    }
    if (request.url.startsWith('/api/')) {
      return reply.code(status).header('WWW-Authenticate', 'Bearer').send({ ok: false, error: { code: 'UNAUTHORIZED', message: UNAUTHORIZED_TEXT } })
    }
    if (request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
      return reply.code(status).header('WWW-Authenticate', 'Bearer').type('text/html; charset=utf-8').send(LOGIN_PAGE_HTML)
    }
    return reply.code(status).header('WWW-Authenticate', 'Bearer').type('text/plain; charset=utf-8').send(`${UNAUTHORIZED_TEXT}\n`)
  })
}
