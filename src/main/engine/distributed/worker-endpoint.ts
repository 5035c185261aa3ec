import { createServer } from 'node:http'
import { StudioError } from '@shared/errors'
import { generateToken, MIN_TOKEN_LENGTH } from '../access-token'
import type { StudioCoordination } from './studio-coordination'
import { workerRequestHandler } from './worker-routes'

export interface WorkerEndpoint {
  /** What workers pass as --server. */
  url: string
  token: string
  close(): Promise<void>
}

/** A worker token as given, refused in plain words when it is too weak to guard the routes. */
export function checkWorkerToken(token: string | undefined): void {
  if (token !== undefined && (token.length < MIN_TOKEN_LENGTH || /\s/.test(token))) {
    throw new StudioError('INVALID_INPUT', `The worker token must be at least ${MIN_TOKEN_LENGTH} characters, without spaces.`)
  }
}

/**
 * The worker routes alone on their own port, for a coordinator that serves no pages
 * (`encode --redis`, the desktop app): the same handler, token and checks as serve's, and
 * nothing else on the port.
 */
export async function startWorkerEndpoint(coordination: StudioCoordination, options: { host: string; port: number; token?: string; maxRungBytes?: number }): Promise<WorkerEndpoint> {
  checkWorkerToken(options.token)
  const token = options.token ?? generateToken()
  const handle = workerRequestHandler({ running: coordination.coordinator.running, token, maxRungBytes: options.maxRungBytes })
  const server = createServer((request, reply) => {
    handle(request, reply)
      .then((handled) => {
        if (!handled) reply.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ ok: false, error: { code: 'NOT_FOUND', message: 'This port answers hls-studio workers only.' } }))
      })
      // The handler answers every refusal itself; what still throws (a disk error writing a rung)
      // drops the connection, and the worker's delivery fails and is retried with the chunk.
      .catch(() => reply.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new StudioError('INVALID_INPUT', `Port ${options.port} on ${options.host} is in use: choose another for the workers.`) : error)
    )
    server.listen(options.port, options.host, () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${host}:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
