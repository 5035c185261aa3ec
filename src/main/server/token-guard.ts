import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type {} from '@fastify/cookie'
import { bearerToken, TOKEN_COOKIE, tokenMatches } from './access-token'

declare module 'fastify' {
  interface FastifyRequest {
    /** Whether the request carried the serve token (header, cookie or ?token=). */
    studioAuthorized: boolean
  }
}

const UNAUTHORIZED_TEXT = 'This studio needs its token. Open the link `hls-studio serve` printed (it ends in ?token=…), or send Authorization: Bearer <token>.'

function isWebSocketUpgrade(request: FastifyRequest): boolean {
  return request.headers.upgrade?.toLowerCase() === 'websocket'
}

/** The URL without its token parameter, so the token does not stay in the address bar or history. */
function withoutToken(url: string): string {
  const parsed = new URL(url, 'http://studio.invalid')
  parsed.searchParams.delete('token')
  return `${parsed.pathname}${parsed.search}`
}

/**
 * Every HTTP and WebSocket request needs the token: as `Authorization: Bearer`, as the
 * HttpOnly SameSite=Strict cookie, or as `?token=` (which sets the cookie; a page load is then
 * redirected to the same URL without it). A WebSocket without it is let through to its
 * handler only to be closed at once with 4401, so the page can tell "wrong token" from "server down".
 */
export function guardWithToken(app: FastifyInstance, token: string): void {
  app.decorateRequest('studioAuthorized', false)
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.query as Record<string, unknown> | undefined
    const fromQuery = typeof query?.token === 'string' ? query.token : undefined
    if (tokenMatches(bearerToken(request.headers.authorization), token) || tokenMatches(request.cookies[TOKEN_COOKIE], token)) {
      request.studioAuthorized = true
      return
    }
    if (tokenMatches(fromQuery, token)) {
      request.studioAuthorized = true
      reply.setCookie(TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/' })
      const isPageLoad = request.method === 'GET' && !isWebSocketUpgrade(request) && (request.headers.accept ?? '').includes('text/html')
      if (isPageLoad) return reply.redirect(withoutToken(request.url), 303)
      return
    }
    if (isWebSocketUpgrade(request)) return
    const status = 401
    if (request.url.startsWith('/api/')) {
      return reply.code(status).header('WWW-Authenticate', 'Bearer').send({ ok: false, error: { code: 'UNAUTHORIZED', message: UNAUTHORIZED_TEXT } })
    }
    return reply.code(status).header('WWW-Authenticate', 'Bearer').type('text/plain; charset=utf-8').send(`${UNAUTHORIZED_TEXT}\n`)
  })
}
