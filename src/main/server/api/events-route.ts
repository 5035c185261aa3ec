import type { ServerResponse } from 'node:http'
import { z } from 'zod'
import { absoluteUrls } from './api-job-view'
import { ApiError } from './api-errors'
import type { ApiEvent, ApiEventLog } from './api-events'
import { apiRoute, type ApiRoute } from './api-route'
import { jobIdSchema } from './api-schemas'

/** Proxies and load balancers drop a stream that stays silent for long (nginx: 60 s by default). */
export const KEEP_ALIVE_MS = 15_000

export const eventsQuerySchema = z.object({
  jobId: jobIdSchema.optional().describe('Only this job’s events.'),
  access_token: z.string().optional().describe('The token, for EventSource, which cannot send headers. Only this route takes it.')
})

function frame(event: ApiEvent, base: string): string {
  return `id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(absoluteUrls(event.data, base))}\n\n`
}

function lastEventId(header: string | string[] | undefined): number | undefined {
  if (typeof header !== 'string' || header === '') return undefined
  const id = Number(header)
  if (!Number.isSafeInteger(id) || id < 0) throw new ApiError(400, 'INVALID_INPUT', 'Last-Event-ID: send back the id of the last event received, as it came.')
  return id
}

/** Writes what it can; a client too far behind loses its connection rather than the server its memory. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024

/**
 * `GET /api/v1/events`: Server-Sent Events. `connected` first (with `resumed`: whether every
 * event since Last-Event-ID follows), then job events as they happen, a comment every 15 s.
 */
export function eventsRoute(log: ApiEventLog, options: { keepAliveMs?: number } = {}): ApiRoute {
  return apiRoute({
    method: 'GET',
    path: '/events',
    operationId: 'streamEvents',
    tag: 'Events',
    summary: 'Job events as Server-Sent Events',
    description:
      'Events: connected, job-update, job-completed (masterPlaylistUrl, playbackUrl), job-failed (error), job-cancelled. Each has a growing id; reconnect with Last-Event-ID to get what was missed in the last 5 minutes (connected says resumed: false when that is no longer possible). With jobId, a job that ended in the last 5 minutes has its final event sent at once. A comment line goes out every 15 s.',
    query: eventsQuerySchema,
    headers: { 'Last-Event-ID': { description: 'The id of the last event received; EventSource sends it when it reconnects.' } },
    success: { status: 200, description: 'An endless text/event-stream.', contentType: 'text/event-stream', schema: z.string() },
    errors: [400],
    async handle({ query, request, reply, base }) {
      const after = lastEventId(request.headers['last-event-id'])
      const wanted = (event: ApiEvent): boolean => !query.jobId || event.data.jobId === query.jobId
      reply.hijack()
      const raw: ServerResponse = reply.raw
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // nginx buffers responses unless told otherwise; an event must not wait for the next 4 kB.
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff'
      })
      const write = (text: string): void => {
        if (raw.destroyed) return
        if (raw.writableLength > MAX_BUFFERED_BYTES) return void raw.destroy()
        raw.write(text)
      }
      // Subscribed before the backlog is read: nothing can fall between the two.
      const pending: ApiEvent[] = []
      let live = false
      const stop = log.on((event) => {
        if (!wanted(event)) return
        if (live) write(frame(event, base))
        else pending.push(event)
      })
      const startId = log.lastId()
      // Following one job that already ended (a script that subscribes after a fast job): its end comes at once.
      const ended = after === undefined && query.jobId ? log.endOf(query.jobId) : undefined
      const backlog = after === undefined ? (ended ? [ended] : []) : log.since(after)
      write(`retry: 2000\nevent: connected\ndata: ${JSON.stringify({ resumed: after === undefined ? false : backlog !== undefined, lastEventId: startId })}\n\n`)
      let sentUpTo = after ?? (ended ? ended.id - 1 : startId)
      for (const event of [...(backlog ?? []), ...pending]) {
        if (event.id <= sentUpTo || !wanted(event)) continue
        write(frame(event, base))
        sentUpTo = event.id
      }
      live = true
      const keepAlive = setInterval(() => write(': keep-alive\n\n'), options.keepAliveMs ?? KEEP_ALIVE_MS)
      raw.on('close', () => {
        clearInterval(keepAlive)
        stop()
      })
      return 'hijacked'
    }
  })
}
