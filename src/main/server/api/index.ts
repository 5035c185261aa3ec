/**
 * `/api/v1`: the HTTP API for automation, on the contract's handlers (the same commands the
 * page and the command line run). Every route is one entry of the list below; the OpenAPI
 * document and the docs page are written from that list.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { StudioEvent } from '@shared/events'
import { ApiError, sendApiError } from './api-errors'
import type { ApiDeps } from './api-deps'
import { ApiEventLog } from './api-events'
import { apiRoute, API_PREFIX, registerApiRoutes, type ApiRoute } from './api-route'
import { docsPage } from './docs-page'
import { eventsRoute } from './events-route'
import { IdempotencyKeys } from './idempotency'
import { jobRoutes } from './jobs-routes'
import { libraryRoutes } from './library-routes'
import { openApiDocument } from './openapi'
import { registerMultipart, uploadRoute, type MultipartUploadOptions } from './uploads-route'
import { feedWebhooks } from './webhook-feed'
import type { WebhookDelivererOptions } from '../../engine/automation/webhook-delivery'
import type { WebhookStore } from '../../engine/automation/webhook-store'

export interface ApiOptions extends ApiDeps {
  subscribe: (listener: (event: StudioEvent) => void) => () => void
  version: string
  /** Tests: a shorter keep-alive than 15 s. */
  keepAliveMs?: number
  /** POST /uploads: where files go and the limits of the raw upload route. */
  uploads?: MultipartUploadOptions
  /** Where webhooks are kept and how they are sent; serve's address for the URLs in them. */
  webhooks?: Omit<WebhookDelivererOptions, 'endpoints'> & { store: WebhookStore; base: () => string }
}

export interface RunningApi {
  events: ApiEventLog
  routes: readonly ApiRoute[]
  close(): void
}

function documentRoutes(document: () => Record<string, unknown>): ApiRoute[] {
  return [
    apiRoute({
      method: 'GET',
      path: '/openapi.json',
      operationId: 'getOpenApi',
      tag: 'Documentation',
      summary: 'This document (OpenAPI 3.1)',
      success: { status: 200, description: 'The OpenAPI document.', schema: z.looseObject({ openapi: z.string() }) },
      errors: [],
      handle: async () => ({ body: document() })
    }),
    apiRoute({
      method: 'GET',
      path: '/docs',
      operationId: 'getDocs',
      tag: 'Documentation',
      summary: 'This document as a page to read',
      success: { status: 200, description: 'An HTML page.', contentType: 'text/html', schema: z.string() },
      errors: [],
      handle: async () => ({ html: docsPage(document()) })
    })
  ]
}

export function registerApi(app: FastifyInstance, options: ApiOptions): RunningApi {
  const events = new ApiEventLog({ ...options, onError: (error) => app.log.error({ err: error }, 'an engine event could not be sent to the API’s event stream') })
  const idempotency = new IdempotencyKeys()
  let document: Record<string, unknown> | undefined
  const routes: ApiRoute[] = [
    ...jobRoutes(options, idempotency),
    eventsRoute(events, { keepAliveMs: options.keepAliveMs }),
    ...libraryRoutes(options),
    ...(options.uploads ? [uploadRoute(options, options.uploads)] : []),
    ...documentRoutes(() => (document ??= openApiDocument(routes, { version: options.version })))
  ]
  app.register(
    async (scope) => {
      // Fastify's own refusals (a body that is not JSON, too large) in the API's error shape.
      scope.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
        const status = error.statusCode ?? 500
        if (status >= 500) {
          request.log.error({ err: error }, 'API request failed')
          return sendApiError(reply, new ApiError(500, 'INTERNAL', 'Something went wrong inside the studio; its log (studio.log in the data folder) has the details.'))
        }
        const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INVALID_INPUT'
        return sendApiError(reply, new ApiError(status, code, status === 400 && error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'The body is empty; send JSON, or no Content-Type.' : error.message))
      })
      const notFound = (request: FastifyRequest, reply: FastifyReply): FastifyReply =>
        sendApiError(reply, new ApiError(404, 'NOT_FOUND', `There is no ${request.method} ${request.url.split('?')[0]} in this API; the routes are listed at ${API_PREFIX}/docs.`))
      scope.setNotFoundHandler(notFound)
      // The renderer's static files answer GET /* (its wildcard): an unknown API path must not get the page.
      scope.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/*', handler: async (request, reply) => notFound(request, reply) })
      // `curl -d '{…}'` labels its JSON x-www-form-urlencoded: take it as the JSON it is. (A
      // cross-site form could send that type too, but the guard refuses a session without the
      // studio's Origin, and a form cannot send a Bearer header.)
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, text, done) => {
        try {
          done(null, text === '' ? undefined : JSON.parse(text as string))
        } catch {
          done(Object.assign(new Error('The body is not JSON. Send a JSON object (curl: -d \'{"url": "…"}\').'), { statusCode: 400 }), undefined)
        }
      })
      if (options.uploads) registerMultipart(scope, options.uploads)
      registerApiRoutes(scope, routes)
    },
    { prefix: API_PREFIX }
  )
  const webhooks = options.webhooks && feedWebhooks(events, options.webhooks.base, { ...options.webhooks, endpoints: () => options.webhooks!.store.all() })
  return {
    events,
    routes,
    close() {
      webhooks?.close()
      events.close()
    }
  }
}
