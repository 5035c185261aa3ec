import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { chunkOutputIds, chunkRungFile } from '../engine/chunks/chunk-job'
import { answerFile } from '../engine/library/file-range'
import { CHUNK_PROTOCOL } from '../engine/distributed/chunk-queue'
import type { RunningChunk, RunningChunks } from '../engine/distributed/running-chunks'
import { CHECKSUM_HEADER, WORKER_ROUTE_PREFIX } from '../engine/distributed/worker-http'
import { bearerToken, tokenMatches } from './access-token'

export { WORKER_ROUTE_PREFIX }

export interface WorkerRouteOptions {
  running: RunningChunks
  /** Workers' own token: not serve's, so a worker can reach these routes and nothing else. */
  token: string
  /** Largest rung file accepted (default 8 GiB: a minute of 4K at a very high bitrate fits many times). */
  maxRungBytes?: number
}

const DEFAULT_MAX_RUNG_BYTES = 8 * 1024 ** 3

function refuse(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ ok: false, error: { code, message } })
}

class TooLarge extends Error {}

/**
 * Serve's routes for workers on other machines, under /api/worker (the serve token guard lets
 * them through; they check the workers' token themselves). They answer only for chunks on the
 * queue right now, and every path they touch comes from that record, never from the request:
 * the source file, and `<partial folder>/chunks/cNNNNN/<rung>.mp4`.
 */
export function serveWorkerRoutes(app: FastifyInstance, options: WorkerRouteOptions): void {
  const maxBytes = options.maxRungBytes ?? DEFAULT_MAX_RUNG_BYTES
  const authorized = (request: FastifyRequest): boolean => tokenMatches(bearerToken(request.headers.authorization), options.token)
  const runningChunk = (request: FastifyRequest, reply: FastifyReply): RunningChunk | undefined => {
    if (!authorized(request)) {
      refuse(reply.header('WWW-Authenticate', 'Bearer'), 401, 'UNAUTHORIZED', 'That is not this studio’s worker token (hls-studio worker --token; serve prints it, or set it with --worker-token).')
      return undefined
    }
    const { workId } = request.params as { workId: string }
    const entry = options.running.get(workId)
    if (!entry) refuse(reply, 404, 'NOT_FOUND', `No chunk "${workId.slice(0, 100)}" is being encoded by this studio now: it finished, was cancelled, or never existed.`)
    return entry
  }

  app.get(`${WORKER_ROUTE_PREFIX}/hello`, async (request, reply) => {
    if (!authorized(request)) return refuse(reply.header('WWW-Authenticate', 'Bearer'), 401, 'UNAUTHORIZED', 'That is not this studio’s worker token.')
    return reply.send({ ok: true, protocol: CHUNK_PROTOCOL })
  })

  const source = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const entry = runningChunk(request, reply)
    if (!entry) return reply
    const file = await stat(entry.chunk.sourcePath).catch(() => undefined)
    if (!file?.isFile()) return refuse(reply, 410, 'FILE_NOT_FOUND', 'The source of this chunk is no longer on the coordinator’s disk.')
    const range = typeof request.headers.range === 'string' ? request.headers.range : undefined
    const answer = answerFile({ path: entry.chunk.sourcePath, size: file.size, mtimeMs: file.mtimeMs }, range, request.method)
    reply.code(answer.status).headers({ ...answer.headers, 'content-type': 'application/octet-stream' })
    return reply.send(answer.open ? answer.open() : '')
  }
  app.route({ method: ['GET', 'HEAD'], url: `${WORKER_ROUTE_PREFIX}/chunks/:workId/source`, handler: source, exposeHeadRoute: false })

  app.register(async (scope) => {
    // The body is a rung file: streamed to disk, never parsed or buffered.
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null))
    scope.put(`${WORKER_ROUTE_PREFIX}/chunks/:workId/rungs/:rungId`, async (request, reply) => {
      const entry = runningChunk(request, reply)
      if (!entry) return reply
      const { rungId } = request.params as { rungId: string }
      const outputs = chunkOutputIds(entry.chunk)
      if (!outputs.includes(rungId)) return refuse(reply, 404, 'NOT_FOUND', `This chunk has no rung "${rungId.slice(0, 40)}" (it has ${outputs.join(', ')}).`)
      const checksum = String(request.headers[CHECKSUM_HEADER] ?? '')
      if (!/^[0-9a-f]{64}$/.test(checksum)) return refuse(reply, 400, 'INVALID_INPUT', `Send the file's SHA-256 as 64 hex digits in ${CHECKSUM_HEADER}.`)
      const declared = Number(request.headers['content-length'] ?? NaN)
      if (!Number.isFinite(declared) || declared > maxBytes) {
        reply.header('connection', 'close')
        return refuse(reply, 413, 'INVALID_INPUT', `A rung file must state its length, at most ${maxBytes} bytes.`)
      }
      const folder = join(entry.workDir, entry.chunk.folder)
      const final = join(entry.workDir, chunkRungFile(entry.chunk, rungId))
      const temporary = `${final}.${randomUUID()}.part`
      await mkdir(folder, { recursive: true })
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
        await pipeline(request.raw, counter, createWriteStream(temporary, { flags: 'wx' }))
      } catch (error) {
        await rm(temporary, { force: true })
        if (error instanceof TooLarge) {
          reply.header('connection', 'close')
          return refuse(reply, 413, 'INVALID_INPUT', `The rung file is larger than ${maxBytes} bytes.`)
        }
        request.raw.destroy()
        return reply.hijack()
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
      return reply.send({ ok: true, bytes })
    })
  })
}
