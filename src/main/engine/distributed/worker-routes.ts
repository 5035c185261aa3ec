import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { bearerToken, tokenMatches } from '../access-token'
import { chunkOutputIds, chunkRungFile } from '../chunks/chunk-job'
import { answerFile } from '../library/file-range'
import { CHUNK_PROTOCOL } from './chunk-queue'
import type { RunningChunk, RunningChunks } from './running-chunks'
import { CHECKSUM_HEADER, WORKER_ROUTE_PREFIX } from './worker-http'

export interface WorkerRouteOptions {
  running: RunningChunks
  /** Workers' own token: not serve's, so a worker can reach these routes and nothing else. */
  token: string
  /** Largest rung file accepted (default 8 GiB: a minute of 4K at a very high bitrate fits many times). */
  maxRungBytes?: number
}

const DEFAULT_MAX_RUNG_BYTES = 8 * 1024 ** 3
const SOURCE_ROUTE = /^\/api\/worker\/chunks\/([^/]+)\/source$/
const RUNG_ROUTE = /^\/api\/worker\/chunks\/([^/]+)\/rungs\/([^/]+)$/

type Reply = ServerResponse

function refuse(reply: Reply, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  reply.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify({ ok: false, error: { code, message } }))
}

function decoded(part: string): string | undefined {
  try {
    return decodeURIComponent(part)
  } catch {
    return undefined
  }
}

class TooLarge extends Error {}

/**
 * The routes for workers on other machines, under /api/worker, on plain Node requests so serve
 * (inside Fastify), `encode --redis` and the desktop app answer them with this one code. They
 * check the workers' token themselves and answer only for chunks on the queue right now; every
 * path they touch comes from that record, never from the request: the source file, and
 * `<partial folder>/chunks/cNNNNN/<rung>.mp4`. Resolves false for a path that is not theirs.
 */
export function workerRequestHandler(options: WorkerRouteOptions): (request: IncomingMessage, reply: Reply) => Promise<boolean> {
  const maxBytes = options.maxRungBytes ?? DEFAULT_MAX_RUNG_BYTES
  const authorized = (request: IncomingMessage): boolean => tokenMatches(bearerToken(request.headers.authorization), options.token)
  const unauthorized = (reply: Reply, message: string): void => refuse(reply, 401, 'UNAUTHORIZED', message, { 'www-authenticate': 'Bearer' })
  const runningChunk = (request: IncomingMessage, reply: Reply, rawId: string): RunningChunk | undefined => {
    if (!authorized(request)) {
      unauthorized(reply, 'That is not this studio’s worker token (hls-studio worker --token; serve prints it, or set it with --worker-token).')
      return undefined
    }
    const workId = decoded(rawId) ?? rawId
    const entry = options.running.get(workId)
    if (!entry) refuse(reply, 404, 'NOT_FOUND', `No chunk "${workId.slice(0, 100)}" is being encoded by this studio now: it finished, was cancelled, or never existed.`)
    return entry
  }

  const source = async (request: IncomingMessage, reply: Reply, rawId: string): Promise<void> => {
    const entry = runningChunk(request, reply, rawId)
    if (!entry) return
    const file = await stat(entry.chunk.sourcePath).catch(() => undefined)
    if (!file?.isFile()) return refuse(reply, 410, 'FILE_NOT_FOUND', 'The source of this chunk is no longer on the coordinator’s disk.')
    const range = typeof request.headers.range === 'string' ? request.headers.range : undefined
    const answer = answerFile({ path: entry.chunk.sourcePath, size: file.size, mtimeMs: file.mtimeMs }, range, request.method ?? 'GET')
    reply.writeHead(answer.status, { ...answer.headers, 'Content-Type': 'application/octet-stream' })
    if (!answer.open) return void reply.end()
    // A worker's ffmpeg closes the connection to seek: that ends the copy, it is no failure.
    await pipeline(answer.open(), reply).catch(() => reply.destroy())
  }

  const rung = async (request: IncomingMessage, reply: Reply, rawId: string, rawRung: string): Promise<void> => {
    const entry = runningChunk(request, reply, rawId)
    if (!entry) return
    const rungId = decoded(rawRung) ?? ''
    const outputs = chunkOutputIds(entry.chunk)
    if (!outputs.includes(rungId)) return refuse(reply, 404, 'NOT_FOUND', `This chunk has no rung "${rungId.slice(0, 40)}" (it has ${outputs.join(', ')}).`)
    const checksum = String(request.headers[CHECKSUM_HEADER] ?? '')
    if (!/^[0-9a-f]{64}$/.test(checksum)) return refuse(reply, 400, 'INVALID_INPUT', `Send the file's SHA-256 as 64 hex digits in ${CHECKSUM_HEADER}.`)
    const declared = Number(request.headers['content-length'] ?? NaN)
    if (!Number.isFinite(declared) || declared > maxBytes) {
      return refuse(reply, 413, 'INVALID_INPUT', `A rung file must state its length, at most ${maxBytes} bytes.`, { connection: 'close' })
    }
    const final = join(entry.workDir, chunkRungFile(entry.chunk, rungId))
    const temporary = `${final}.${randomUUID()}.part`
    await mkdir(join(entry.workDir, entry.chunk.folder), { recursive: true })
    const hash = createHash('sha256')
    let bytes = 0
    const counter = new Transform({
      transform(piece: Buffer, _encoding, done) {
        bytes += piece.length
        if (bytes > maxBytes) return done(new TooLarge())
        hash.update(piece)
        done(null, piece)
      }
    })
    try {
      await pipeline(request, counter, createWriteStream(temporary, { flags: 'wx' }))
    } catch (error) {
      await rm(temporary, { force: true })
      if (error instanceof TooLarge) return refuse(reply, 413, 'INVALID_INPUT', `The rung file is larger than ${maxBytes} bytes.`, { connection: 'close' })
      request.destroy()
      return void reply.destroy()
    }
    const got = hash.digest('hex')
    if (got !== checksum || bytes !== declared) {
      await rm(temporary, { force: true })
      return refuse(reply, 422, 'INVALID_INPUT', `The file that arrived (${bytes} bytes, SHA-256 ${got.slice(0, 12)}…) is not the one announced (${declared} bytes, ${checksum.slice(0, 12)}…); send it again.`)
    }
    // The chunk may have been cancelled while the body arrived: then nothing is kept.
    if (options.running.get(entry.workId) !== entry) {
      await rm(temporary, { force: true })
      return refuse(reply, 404, 'NOT_FOUND', 'This chunk stopped running while its file arrived; it was not kept.')
    }
    await rename(temporary, final)
    reply.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ ok: true, bytes }))
  }

  return async (request, reply) => {
    const path = new URL(request.url ?? '/', 'http://coordinator.invalid').pathname
    if (path !== WORKER_ROUTE_PREFIX && !path.startsWith(`${WORKER_ROUTE_PREFIX}/`)) return false
    const method = request.method ?? 'GET'
    // Set here, not by serve's hooks: these answers leave serve's Fastify reply (hijacked) and
    // the desktop's own port alike. A browser holding the URL must not sniff a source or a
    // rung into something it runs, and no cache along the way keeps a film or a refusal.
    reply.setHeader('x-content-type-options', 'nosniff')
    reply.setHeader('cache-control', 'no-store')
    const sourceMatch = SOURCE_ROUTE.exec(path)
    const rungMatch = RUNG_ROUTE.exec(path)
    if (path === `${WORKER_ROUTE_PREFIX}/hello` && method === 'GET') {
      if (!authorized(request)) unauthorized(reply, 'That is not this studio’s worker token.')
      else reply.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ ok: true, protocol: CHUNK_PROTOCOL }))
    } else if (sourceMatch && (method === 'GET' || method === 'HEAD')) await source(request, reply, sourceMatch[1]!)
    else if (rungMatch && method === 'PUT') await rung(request, reply, rungMatch[1]!, rungMatch[2]!)
    else refuse(reply, 404, 'NOT_FOUND', `No worker route ${method} ${path.slice(0, 200)}.`)
    return true
  }
}
