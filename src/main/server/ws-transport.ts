import type { FastifyInstance } from 'fastify'
import type {} from '@fastify/websocket'
import type { WebSocket } from 'ws'
import type { StudioHandlers } from '@shared/contract'
import { WS_CLOSE_FOREIGN_ORIGIN, WS_CLOSE_UNAUTHORIZED } from '@shared/close-codes'
import { dispatchCommand } from '@shared/dispatch'
import type { DescribeFailure } from '../engine/logging/internal-error'
import type { StudioEvent, StudioEventType } from '@shared/events'
import { parseClientMessage, WS_PATH, type ServerMessage } from '@shared/wire'


/** A client this far behind misses progress updates (the next one supersedes them), never a state change. */
const SLOW_CLIENT_BYTES = 4 * 1024 * 1024
const SKIPPABLE: ReadonlySet<StudioEventType> = new Set<StudioEventType>(['job-updated', 'job-log'])

export interface WebSocketTransportOptions {
  handlers: StudioHandlers
  subscribe: (listener: (event: StudioEvent) => void) => () => void
  /** Logs an internal failure and names it in plain words (the runtime's). */
  describeFailure?: DescribeFailure
}

/** Whether the page that opened the socket is this server's own (cross-site WebSocket hijacking). */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true
  try {
    return new URL(origin).host === host
  } catch {
    return false
  }
}

/**
 * The contract over a WebSocket: `invoke` frames run through the shared dispatcher, which
 * validates them against STUDIO_COMMANDS; engine events go, unchanged, to each socket that
 * subscribed to their type.
 */
export function serveContractOverWebSocket(app: FastifyInstance, options: WebSocketTransportOptions): { clients(): number; close(): void } {
  const sockets = new Map<WebSocket, Set<StudioEventType>>()
  const send = (socket: WebSocket, message: ServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message))
  }

  const unsubscribe = options.subscribe((event) => {
    for (const [socket, types] of sockets) {
      if (!types.has(event.type)) continue
      if (SKIPPABLE.has(event.type) && socket.bufferedAmount > SLOW_CLIENT_BYTES) continue
      send(socket, { kind: 'event', event })
    }
  })

  app.get(WS_PATH, { websocket: true }, (socket, request) => {
    if (!sameOrigin(request.headers.origin, request.headers.host)) return socket.close(WS_CLOSE_FOREIGN_ORIGIN, 'foreign origin')
    if (!request.studioAuthorized) return socket.close(WS_CLOSE_UNAUTHORIZED, 'token required')
    sockets.set(socket, new Set())
    socket.on('close', () => sockets.delete(socket))
    socket.on('message', (data, isBinary) => {
      if (isBinary) return send(socket, { kind: 'protocol-error', message: 'Send text frames of JSON.' })
      const message = parseClientMessage(data.toString())
      if ('error' in message) return send(socket, { kind: 'protocol-error', message: message.error })
      if (message.kind === 'subscribe') {
        sockets.set(socket, new Set(message.types))
        return
      }
      void dispatchCommand(options.handlers, message.name, message.input, options.describeFailure).then((outcome) => send(socket, { kind: 'outcome', id: message.id, outcome }))
    })
  })

  return {
    clients: () => sockets.size,
    close() {
      unsubscribe()
      for (const socket of sockets.keys()) socket.close(1001, 'the studio is stopping')
      sockets.clear()
    }
  }
}
