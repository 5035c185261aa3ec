import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { uploadJobOptionsSchema, type CommandOutcome, type StudioHandlers } from '@shared/contract'
import { dispatchCommand } from '@shared/dispatch'
import { describeZodError } from '@shared/zod-errors'
import type { DescribeFailure } from '../engine/logging/internal-error'
import type { StudioErrorValue } from '@shared/errors'
import type { AddJobsResult } from '@shared/queue'
import { UPLOAD_PATH } from '@shared/wire'
import type { UploadSweeper } from './upload-sweeper'

export interface UploadRouteOptions {
  handlers: StudioHandlers
  describeFailure?: DescribeFailure
  /** Where uploaded sources are kept: `<dir>/<uuid>/<file name>`. */
  uploadsDir: string
  /** Keeps a folder being written safe from the sweeper. */
  sweeper: UploadSweeper
  onBytes: (bytes: number) => void
  limits?: UploadLimits
}

export interface UploadLimits {
  /** Largest file accepted (`serve --max-upload-bytes`). */
  maxBytes?: number
  /** An upload with no byte for this long is dropped (a trickle must not hold a connection and a file for ever). */
  idleTimeoutMs?: number
  /** Uploads received at once; more wait for the browser to try again. */
  maxInFlight?: number
}

export const DEFAULT_UPLOAD_LIMITS: Required<UploadLimits> = { maxBytes: 200 * 1024 ** 3, idleTimeoutMs: 60_000, maxInFlight: 8 }

export class UploadRefused extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

/** A file name as the browser gave it, made safe to use as one path segment. */
export function safeUploadName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined
  const base = name.split(/[\\/]/).pop() ?? ''
  // Control characters never belong in a file name; a leading dot would hide the file.
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^\.+/, '').trim().slice(0, 200)
  return cleaned || undefined
}

const STATUS: Partial<Record<StudioErrorValue['code'], number>> = { INVALID_INPUT: 400, UNAUTHORIZED: 401, NOT_FOUND: 404 }

function answer(reply: FastifyReply, outcome: CommandOutcome<unknown>, failedStatus?: number): FastifyReply {
  const status = outcome.ok ? 200 : (failedStatus ?? STATUS[outcome.error.code] ?? 422)
  return reply.code(status).send(outcome)
}

/** Counts bytes as they pass, without holding them; stops a file past the size limit or a sender gone quiet. */
export function byteCounter(onBytes: (bytes: number) => void, limits: Required<UploadLimits>, name: string): Transform {
  let total = 0
  let idle: NodeJS.Timeout | undefined
  const counter: Transform = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      total += chunk.length
      onBytes(chunk.length)
      armIdle()
      if (total > limits.maxBytes) return callback(new UploadRefused(413, `${name} is larger than this studio accepts (${limits.maxBytes} bytes; serve --max-upload-bytes).`))
      callback(null, chunk)
    },
    flush(callback) {
      clearTimeout(idle)
      callback()
    },
    destroy(error, callback) {
      clearTimeout(idle)
      callback(error)
    }
  })
  const armIdle = (): void => {
    clearTimeout(idle)
    idle = setTimeout(() => counter.destroy(new UploadRefused(408, `${name} stopped arriving: nothing came for ${Math.round(limits.idleTimeoutMs / 1000)} s, so the upload was dropped. Try again.`)), limits.idleTimeoutMs)
  }
  armIdle()
  return counter
}

/**
 * `POST /api/uploads?name=<file>&options=<JSON>` with the file as the raw body. The body is
 * piped to disk as it arrives (backpressure included: a slow disk slows the browser, memory
 * stays flat whatever the size), then the job is created at once through `jobs.add` and the
 * answer goes back while the encode runs in the background. An upload cut short leaves
 * neither a file nor a job behind.
 */
type UploadRequest = { name: string; job: z.output<typeof uploadJobOptionsSchema> }

/** The file name and job options of an upload, checked before a single byte is stored. */
function readUploadRequest(query: Record<string, unknown>): UploadRequest | StudioErrorValue {
  const name = safeUploadName(query.name)
  if (!name) return { code: 'INVALID_INPUT', message: 'name: Give the file name as ?name=.' }
  let job: unknown = {}
  if (typeof query.options === 'string') {
    try {
      job = JSON.parse(query.options)
    } catch {
      return { code: 'INVALID_INPUT', message: 'options: must be JSON.' }
    }
  }
  const parsed = uploadJobOptionsSchema.safeParse(job)
  if (!parsed.success) return { code: 'INVALID_INPUT', message: `options: ${describeZodError(parsed.error)}` }
  return { name, job: parsed.data }
}

export function acceptUploads(app: FastifyInstance, options: UploadRouteOptions): void {
  const limits = { ...DEFAULT_UPLOAD_LIMITS, ...options.limits }
  let inFlight = 0
  async function receive(request: FastifyRequest, reply: FastifyReply, upload: UploadRequest, folder: string): Promise<FastifyReply> {
    const path = join(folder, upload.name)
    await mkdir(folder, { recursive: true })
    try {
      // Piped rather than part of the pipeline: a refused upload must leave the connection open for the answer.
      const counter = byteCounter(options.onBytes, limits, upload.name)
      const source = request.raw
      source.once('close', () => {
        if (!source.complete) counter.destroy(Object.assign(new Error('the browser went away'), { code: 'ECONNRESET' }))
      })
      source.pipe(counter)
      await pipeline(counter, createWriteStream(path, { flags: 'wx' })).finally(() => source.unpipe(counter))
    } catch (error) {
      await rm(folder, { recursive: true, force: true })
      if (error instanceof UploadRefused) {
        // The rest of the body is not read: the connection closes after the answer.
        reply.header('connection', 'close')
        return answer(reply, { ok: false, error: { code: 'INVALID_INPUT', message: error.message } }, error.status)
      }
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOSPC') return answer(reply, { ok: false, error: { code: 'INTERNAL', message: `The server's disk is full; ${upload.name} was not kept.` } }, 507)
      // The browser went away mid-file: there is nobody left to answer.
      if (request.raw.destroyed || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET') {
        request.raw.destroy()
        return reply.hijack()
      }
      request.log.error({ err: error, upload: upload.name }, 'could not store an upload')
      return answer(reply, { ok: false, error: { code: 'INTERNAL', message: `Could not store ${upload.name} (${code ?? 'write error'}).` } }, 500)
    }
    const outcome = await dispatchCommand(options.handlers, 'jobs.add', { ...upload.job, sources: [path], batchLabel: upload.job.batchLabel ?? upload.name }, options.describeFailure)
    // Kept only while a job needs it as its source.
    const used = outcome.ok && (outcome.value as AddJobsResult).created.length > 0
    if (!used) await rm(folder, { recursive: true, force: true })
    return answer(reply, outcome)
  }

  app.register(async (scope) => {
    // The body is the file itself: never parsed, never buffered; its limits are UploadLimits, not Fastify's bodyLimit.
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null))
    scope.post(UPLOAD_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
      const upload = readUploadRequest(request.query as Record<string, unknown>)
      if ('code' in upload) return answer(reply, { ok: false, error: upload })
      const declared = Number(request.headers['content-length'] ?? 0)
      if (declared > limits.maxBytes) {
        reply.header('connection', 'close')
        return answer(reply, { ok: false, error: { code: 'INVALID_INPUT', message: `${upload.name} is larger than this studio accepts (${limits.maxBytes} bytes; serve --max-upload-bytes).` } }, 413)
      }
      if (inFlight >= limits.maxInFlight) {
        reply.header('connection', 'close')
        return answer(reply, { ok: false, error: { code: 'INVALID_INPUT', message: `${limits.maxInFlight} uploads are already arriving; send ${upload.name} when one of them has finished.` } }, 429)
      }
      inFlight++
      const folder = join(options.uploadsDir, randomUUID())
      const done = options.sweeper.receiving(folder)
      try {
        return await receive(request, reply, upload, folder)
      } finally {
        inFlight--
        done()
      }
    })
  })
}
