/**
 * A real HTTP server on loopback that serves one file the way object stores and CDNs do
 * (Range, ETag, If-Range), and misbehaves on request: drops the connection part-way,
 * stalls, answers with an error status or the wrong content type.
 */
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  path: string
  range?: string
  ifRange?: string
}

export interface ServeBehaviour {
  /** Status to answer instead of the file, per request number (0-based). */
  statusFor?: (request: number) => number | undefined
  contentType?: string
  /** Cut the connection after this many body bytes, on the requests listed. */
  dropAfterBytes?: number
  dropOnRequests?: number[]
  /** Send this many body bytes, then go silent, on the requests listed. */
  stallAfterBytes?: number
  stallOnRequests?: number[]
  /** Never answer at all, on the requests listed. */
  silentOnRequests?: number[]
  /** Ignore Range, as some servers do, and always send the whole file. */
  noRange?: boolean
  /** Send no Content-Length (chunked), so the size is only known at the end. */
  chunked?: boolean
  /** Paths answered with a 302 to the given absolute URL (`/redirect` otherwise points at this server's own file). */
  redirects?: Record<string, string>
  /** The loopback address to listen on (default 127.0.0.1). */
  host?: string
}

export interface MediaHttpServer {
  url: (path?: string) => string
  requests: RecordedRequest[]
  /** Replaces the served bytes (a new ETag), e.g. to change the file between attempts. */
  setBody(body: Buffer): void
  behaviour: ServeBehaviour
  close(): Promise<void>
}

export async function startMediaHttpServer(initial: Buffer, behaviour: ServeBehaviour = {}): Promise<MediaHttpServer> {
  let body = initial
  let etag = `"${createHash('md5').update(body).digest('hex')}"`
  const requests: RecordedRequest[] = []
  const state = { behaviour }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const n = requests.length
    const b = state.behaviour
    requests.push({ path: req.url ?? '', range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined })
    const elsewhere = b.redirects?.[req.url ?? '']
    if (elsewhere) {
      res.writeHead(302, { location: elsewhere }).end()
      return
    }
    if (req.url?.startsWith('/redirect')) {
      res.writeHead(302, { location: '/media/clip.mp4' }).end()
      return
    }
    if (b.silentOnRequests?.includes(n)) return
    const status = b.statusFor?.(n)
    if (status) {
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`status ${status}`)
      return
    }
    let start = 0
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
    const ifRangeOk = !req.headers['if-range'] || req.headers['if-range'] === etag
    if (range && !b.noRange && ifRangeOk) start = Number(range[1])
    if (start >= body.length && start > 0) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end()
      return
    }
    const headers: Record<string, string | number> = { 'content-type': b.contentType ?? 'video/mp4', etag, 'accept-ranges': 'bytes' }
    if (!b.chunked) headers['content-length'] = body.length - start
    if (start > 0) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`
    res.writeHead(start > 0 ? 206 : 200, headers)
    const rest = body.subarray(start)
    if (b.dropOnRequests?.includes(n) && b.dropAfterBytes !== undefined) {
      res.write(rest.subarray(0, b.dropAfterBytes), () => res.socket?.end())
      return
    }
    if (b.stallOnRequests?.includes(n) && b.stallAfterBytes !== undefined) {
      res.write(rest.subarray(0, b.stallAfterBytes))
      return
    }
    res.end(rest)
  }

  const server = createServer(handle)
  const host = behaviour.host ?? '127.0.0.1'
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (path = '/media/clip.mp4') => `http://${host}:${port}${path}`,
    requests,
    get behaviour() {
      return state.behaviour
    },
    set behaviour(next: ServeBehaviour) {
      state.behaviour = next
    },
    setBody(next: Buffer) {
      body = next
      etag = `"${createHash('md5').update(body).digest('hex')}"`
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
