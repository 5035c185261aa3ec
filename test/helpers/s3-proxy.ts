/**
 * A loopback proxy in front of the test S3 server that can misbehave like a real service
 * on a bad day, and check signatures like S3 does:
 * - faults: answers a share of requests with 503 SlowDown, or resets the connection
 *   while the request body arrives (both before the request reaches the server);
 * - verifySignatures: checks SigV4 (header and presigned) with `checkSigV4`, answering
 *   InvalidAccessKeyId, SignatureDoesNotMatch, RequestTimeTooSkewed or expired URLs with
 *   S3's status, code and text. `readOnlyKeys` stands in for an IAM policy (s3rver has no
 *   IAM): writes with those keys get S3's AccessDenied.
 * It records every request, with sequence numbers for ordering (never wall-clock time).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { checkSigV4 } from './sigv4-check'

export interface FaultPlan {
  /** Share of requests answered 503 SlowDown. */
  slowDownRate?: number
  /** Share of requests whose connection is reset while the body arrives. */
  resetRate?: number
  /** Seed of the pseudo-random choice, so a run can be repeated. */
  seed?: number
  /** Which requests may get a fault (default: all). */
  applies?: (request: RecordedRequest) => boolean
  /**
   * Requests answered 200 without reaching the server, as a broken gateway or cache in
   * front of a bucket might: the client believes the object is stored.
   */
  swallow?: (request: RecordedRequest) => boolean
}

export interface SignatureCheck {
  /** accessKeyId → secretAccessKey */
  secrets: ReadonlyMap<string, string>
  readOnlyKeys?: ReadonlySet<string>
  now?: () => Date
}

export interface RecordedRequest {
  method: string
  bucket?: string
  key?: string
  query: URLSearchParams
  contentLength: number
  /** x-amz-content-sha256 as sent: a hex SHA-256, or UNSIGNED-PAYLOAD. */
  payloadHash?: string
  /** Integrity headers the request carried: content-md5, x-amz-checksum-crc32, … */
  checksums: string[]
  /** Whether it asked for `Expect: 100-continue` before sending its body. */
  expectContinue: boolean
  fault?: 'slowdown' | 'reset' | 'denied' | 'swallowed'
  status?: number
  /** Position in the proxy's event sequence when the request arrived / its answer ended. */
  startSeq: number
  endSeq?: number
}

export interface S3Proxy {
  endpoint: string
  requests: RecordedRequest[]
  setFaults(plan: FaultPlan | undefined): void
  close(): Promise<void>
}

/** Small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

function s3ErrorBody(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>proxy-${Date.now()}</RequestId></Error>`
}

function answer(res: ServerResponse, status: number, code: string, message: string): void {
  const body = s3ErrorBody(code, message)
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}

const WRITE_METHODS = new Set(['PUT', 'POST', 'DELETE'])

export async function startS3Proxy(options: { upstream: string; faults?: FaultPlan; verifySignatures?: SignatureCheck }): Promise<S3Proxy> {
  const upstream = new URL(options.upstream)
  const requests: RecordedRequest[] = []
  let sequence = 0
  let faults = options.faults
  let roll = random(faults?.seed ?? 1)

  const forward = (req: IncomingMessage, res: ServerResponse, record: RecordedRequest): void => {
    const headers = { ...req.headers }
    // This proxy already said 100 Continue to the client; the server must not wait for it again.
    delete headers.expect
    const outgoing = httpRequest(
      { hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (upstreamRes) => {
        record.status = upstreamRes.statusCode
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers)
        upstreamRes.pipe(res)
        upstreamRes.on('end', () => (record.endSeq = ++sequence))
      }
    )
    outgoing.on('error', () => res.destroy())
    req.pipe(outgoing)
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy')
    const [bucket, ...keyParts] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent)
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      bucket,
      key: keyParts.length ? keyParts.join('/') : undefined,
      query: url.searchParams,
      contentLength: Number(req.headers['content-length'] ?? 0),
      payloadHash: typeof req.headers['x-amz-content-sha256'] === 'string' ? req.headers['x-amz-content-sha256'] : undefined,
      checksums: Object.keys(req.headers).filter((name) => name === 'content-md5' || name.startsWith('x-amz-checksum-')),
      expectContinue: req.headers.expect?.toLowerCase() === '100-continue',
      startSeq: ++sequence
    }
    requests.push(record)

    // CORS preflights carry no credentials, at S3 as here.
    if (options.verifySignatures && record.method !== 'OPTIONS') {
      const check = options.verifySignatures
      const verdict = checkSigV4({ method: record.method, url: req.url ?? '/', headers: req.headers }, { secrets: check.secrets, now: check.now?.() })
      const deniedWrite = verdict.ok && WRITE_METHODS.has(record.method) && check.readOnlyKeys?.has(verdict.accessKeyId)
      if (!verdict.ok || deniedWrite) {
        record.fault = 'denied'
        record.status = verdict.ok ? 403 : verdict.status
        req.resume()
        req.on('end', () => (verdict.ok ? answer(res, 403, 'AccessDenied', 'Access Denied') : answer(res, verdict.status, verdict.code, verdict.message)))
        return
      }
    }

    if (faults?.swallow?.(record)) {
      record.fault = 'swallowed'
      record.status = 200
      req.resume()
      req.on('end', () => {
        res.writeHead(200, { ETag: '"00000000000000000000000000000000"', 'Content-Length': 0 })
        res.end()
      })
      return
    }
    if (faults && (faults.applies?.(record) ?? true)) {
      const dice = roll()
      const slowDown = faults.slowDownRate ?? 0
      if (dice < slowDown) {
        record.fault = 'slowdown'
        record.status = 503
        req.resume()
        req.on('end', () => answer(res, 503, 'SlowDown', 'Please reduce your request rate.'))
        return
      }
      if (dice < slowDown + (faults.resetRate ?? 0)) {
        record.fault = 'reset'
        // Let part of the body arrive, then cut the connection as a dropped link would.
        if (record.contentLength > 0) req.once('data', () => req.socket.destroy())
        else req.socket.destroy()
        return
      }
    }
    forward(req, res, record)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    setFaults: (plan) => {
      faults = plan
      roll = random(plan?.seed ?? 1)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
