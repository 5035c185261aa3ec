import type { FastifyRequest } from 'fastify'
import type { ApiTokenStore } from '../../engine/automation/api-tokens'
import { bearerToken, tokenMatches } from '../access-token'
import { API_PREFIX } from './api-route'

export const EVENTS_PATH = `${API_PREFIX}/events`
/** Where an API token opens doors: the API, and the media and playback routes its answers point to. */
const API_TOKEN_PATHS = [`${API_PREFIX}/`, '/media/', '/api/playback/']

function queryToken(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.access_token
  return typeof value === 'string' ? value : undefined
}

/**
 * The API's own way in, besides the serve token as Bearer and the page's session (the token
 * guard checks those): an API token as `Authorization: Bearer`, on the API's paths only; and,
 * on the event stream alone, `?access_token=` (EventSource cannot send headers). A token is
 * never taken from a cookie, and nowhere else from a query string, where logs and history keep it.
 */
export function apiAccess(serveToken: string, tokens: ApiTokenStore) {
  return async (request: FastifyRequest, path: string): Promise<boolean> => {
    if (path === EVENTS_PATH && request.method === 'GET') {
      const given = queryToken(request)
      if (given && (tokenMatches(given, serveToken) || (await tokens.verify(given)))) return true
    }
    if (!API_TOKEN_PATHS.some((prefix) => path.startsWith(prefix))) return false
    return (await tokens.verify(bearerToken(request.headers.authorization))) !== undefined
  }
}
