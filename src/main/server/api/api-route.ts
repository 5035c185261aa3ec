import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { describeZodError } from '@shared/zod-errors'
import { ApiError, sendApiError } from './api-errors'

export const API_PREFIX = '/api/v1'

type Method = 'GET' | 'POST' | 'DELETE'
/** What a route answers with: a JSON body, or its own raw response (an event stream, a page). */
export type ApiAnswer = { status?: number; body: unknown; headers?: Record<string, string> } | 'hijacked' | { status?: number; html: string }

export interface ApiContext<P, Q, B> {
  params: P
  query: Q
  body: B
  request: FastifyRequest
  reply: FastifyReply
  /** `http://host:port` as the caller reached this server, for absolute URLs in answers. */
  base: string
}

/**
 * One route of `/api/v1`: its schemas and its handler in one place. The same value registers
 * the Fastify route, validates the request and writes the route into the OpenAPI document, so
 * the document cannot drift from what the server does.
 */
export interface ApiRoute<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: Method
  /** OpenAPI style, relative to /api/v1: `/jobs/{id}`. */
  path: string
  operationId: string
  summary: string
  description?: string
  tag: string
  params?: P
  query?: Q
  body?: B
  /** A body that is not JSON (multipart), described for the document only. */
  bodyDoc?: { contentType: string; schema: z.ZodType }
  headers?: Record<string, { description: string; required?: boolean }>
  success: { status: number; description: string; schema?: z.ZodType; contentType?: string }
  /** Statuses this route can fail with, besides 401. */
  errors: number[]
  handle(context: ApiContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<ApiAnswer>
}

/** Keeps each route's handler typed by its own schemas inside a list of routes. */
export function apiRoute<P extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined>(route: ApiRoute<P, Q, B>): ApiRoute {
  return route as unknown as ApiRoute
}

function parsePart(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined
  const parsed = schema.safeParse(value ?? {})
  if (!parsed.success) throw new ApiError(400, 'INVALID_INPUT', `${where}: ${describeZodError(parsed.error)}`)
  return parsed.data
}

export function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`
}

function fastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1')
}

/** Registers the routes in a scope prefixed with API_PREFIX. */
export function registerApiRoutes(app: FastifyInstance, routes: readonly ApiRoute[]): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: fastifyPath(route.path),
      handler: async (request, reply) => {
        try {
          const answer = await route.handle({
            params: parsePart(route.params, request.params, 'path'),
            query: parsePart(route.query, request.query, 'query'),
            body: route.body ? parsePart(route.body, request.body, 'body') : undefined,
            request,
            reply,
            base: baseUrlOf(request)
          })
          if (answer === 'hijacked') return reply
          if ('html' in answer) return reply.code(answer.status ?? route.success.status).type('text/html; charset=utf-8').send(answer.html)
          if (answer.headers) reply.headers(answer.headers)
          return reply.code(answer.status ?? route.success.status).send(answer.body)
        } catch (error) {
          if (error instanceof ApiError) return sendApiError(reply, error)
          throw error
        }
      }
    })
  }
}
