import type { FastifyInstance } from 'fastify'
import { PLAYBACK_PATH } from '@shared/wire'
import { loggablePath } from '../engine/logging/redact'

/** A relayed playback path starts with the playback proxy's session token. */
const PLAYBACK_SESSION = new RegExp(`^(${PLAYBACK_PATH}/)[^/?]+`)

/** A request's path as it may be logged: no query, no playback session token. */
export function requestPathForLog(url: string): string {
  return loggablePath(url).replace(PLAYBACK_SESSION, '$1[session]')
}

/**
 * One log line per request, once it is answered: method, path (never the query, which may
 * hold a signed URL), status and time. Fastify's own two lines per request are turned off
 * because they carry the full URL (and with them Fastify's error line, so errors are logged here).
 */
export function logRequests(app: FastifyInstance): void {
  app.addHook('onError', async (request, _reply, error) => {
    request.log.error({ err: error, method: request.method, path: requestPathForLog(request.url) }, 'request failed')
  })
  app.addHook('onResponse', async (request, reply) => {
    const fields = { method: request.method, path: requestPathForLog(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }
    if (reply.statusCode >= 500) request.log.error(fields, 'request')
    else request.log.info(fields, 'request')
  })
}
