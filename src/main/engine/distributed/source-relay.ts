import { createServer, type Server } from 'node:http'
import { Readable } from 'node:stream'
import { callCoordinator, refusal, sourceRoute, type CoordinatorAddress } from './worker-http'

export interface SourceRelay {
  /** What ffmpeg opens: a loopback URL on this machine. */
  url: string
  close(): Promise<void>
}

/**
 * ffmpeg reads a remote source through this loopback relay rather than from the coordinator
 * itself: the token never appears in ffmpeg's arguments (the process list), and the relay
 * forwards only GET/HEAD with a Range to the one chunk's source route, never a redirect.
 */
export async function startSourceRelay(address: CoordinatorAddress, workId: string, signal: AbortSignal): Promise<SourceRelay> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end()
      return
    }
    const headers: Record<string, string> = {}
    if (typeof request.headers.range === 'string') headers.range = request.headers.range
    callCoordinator(address, sourceRoute(workId), { method: request.method, headers, signal })
      .then(async (upstream) => {
        if (upstream.status !== 200 && upstream.status !== 206 && upstream.status !== 416) {
          const reason = await refusal(upstream)
          response.writeHead(502, { 'content-type': 'text/plain' }).end(reason)
          return
        }
        const passed: Record<string, string> = {}
        for (const name of ['content-length', 'content-range', 'accept-ranges', 'content-type']) {
          const value = upstream.headers.get(name)
          if (value) passed[name] = value
        }
        response.writeHead(upstream.status, passed)
        if (!upstream.body || request.method === 'HEAD') return void response.end()
        const body = Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream)
        // ffmpeg seeks by closing one connection and opening another: stop reading then.
        response.once('close', () => body.destroy())
        body.once('error', () => response.destroy())
        body.pipe(response)
      })
      .catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' })
        response.end(error instanceof Error ? error.message : String(error))
      })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/source`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
