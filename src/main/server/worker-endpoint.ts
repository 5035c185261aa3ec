import Fastify from 'fastify'
import type { StudioCoordination } from '../engine/distributed/studio-coordination'
import { openWorkerSide } from './worker-side'

export interface WorkerEndpoint {
  /** What workers pass as --server. */
  url: string
  token: string
  close(): Promise<void>
}

/**
 * The worker routes alone, for a coordinator that serves no UI (`encode --redis`): the same
 * routes, token and checks as serve's, and nothing else on the port.
 */
export async function startWorkerEndpoint(coordination: StudioCoordination, options: { host: string; port: number; token?: string }): Promise<WorkerEndpoint> {
  const side = openWorkerSide(coordination, { token: options.token })
  const app = Fastify({ logger: false, forceCloseConnections: true })
  side.routes(app)
  await app.listen({ host: options.host, port: options.port })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return { url: `http://${host}:${port}`, token: side.token, close: () => app.close() }
}
