/**
 * A script's view of `/api/v1`: JSON requests with a Bearer token, and a real EventSource
 * (the `eventsource` package) whose connection the test can drop to see it reconnect.
 */
import { EventSource, type EventSourceFetchInit } from 'eventsource'
import { waitUntil } from './wait'

export interface ApiAnswer<T = any> {
  status: number
  body: T
  headers: Headers
}

export async function callApi<T = any>(baseUrl: string, token: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
  const answer = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await answer.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON: kept as text
  }
  return { status: answer.status, body: parsed as T, headers: answer.headers }
}

export interface ReceivedEvent {
  type: string
  id: string
  data: any
}

export interface EventStreamClient {
  events: ReceivedEvent[]
  /** The headers of each connection the client made (the first, then each reconnect). */
  connections: Array<Record<string, string>>
  /** Ends the current connection's body, as a proxy or a network drop would. */
  drop(): void
  close(): void
  waitFor(what: string, match: (event: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>
}

const EVENT_TYPES = ['connected', 'job-update', 'job-completed', 'job-failed', 'job-cancelled']

export function openEventStream(url: string, headers: Record<string, string> = {}): EventStreamClient {
  const events: ReceivedEvent[] = []
  const connections: Array<Record<string, string>> = []
  let cut: (() => void) | undefined
  const source = new EventSource(url, {
    fetch: async (input: string | URL, init?: EventSourceFetchInit) => {
      const sent = { ...(init?.headers as Record<string, string>), ...headers }
      connections.push(sent)
      const answer = await fetch(input, { ...init, headers: sent })
      if (!answer.body) return answer
      const reader = answer.body.getReader()
      // A body this side can end at will: the client then sees the stream close and reconnects.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          cut = () => {
            void reader.cancel().catch(() => undefined)
            try {
              controller.close()
            } catch {
              // already closed
            }
          }
        },
        async pull(controller) {
          try {
            const { done, value } = await reader.read()
            if (done) controller.close()
            else controller.enqueue(value)
          } catch {
            try {
              controller.close()
            } catch {
              // closed by cut()
            }
          }
        }
      })
      return { status: answer.status, url: answer.url, redirected: answer.redirected, headers: answer.headers, body }
    }
  })
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (event) => events.push({ type, id: event.lastEventId, data: JSON.parse(event.data) }))
  }
  return {
    events,
    connections,
    drop: () => cut?.(),
    close: () => source.close(),
    async waitFor(what, match, timeoutMs = 120_000) {
      await waitUntil(what, () => events.some(match), { timeoutMs, intervalMs: 100 })
      return events.find(match)!
    }
  }
}
