import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { uploadJobOptionsSchema, type CommandOutcome, type StudioHandlers } from '@shared/contract'
import { describeIssues, dispatchCommand } from '@shared/dispatch'
import type { StudioErrorValue } from '@shared/errors'
import type { AddJobsResult } from '@shared/queue'
import { UPLOAD_PATH } from '@shared/wire'
import type { UploadSweeper } from './upload-sweeper'

export interface UploadRouteOptions {
  handlers: StudioHandlers
  /** Where uploaded sources are kept: `<dir>/<uuid>/<file name>`. */
  uploadsDir: string
  /** Keeps a folder being written safe from the sweeper. */
  sweeper: UploadSweeper
  onBytes: (bytes: number) => void
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

/** Counts bytes as they pass, without holding them. */
function byteCounter(onBytes: (bytes: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      onBytes(chunk.length)
      callback(null, chunk)
    }
  })
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
  if (!parsed.success) return { code: 'INVALID_INPUT', message: `options: ${describeIssues(parsed.error.issues)}` }
  return { name, job: parsed.data }
}

export function acceptUploads(app: FastifyInstance, options: UploadRouteOptions): void {
  async function receive(request: FastifyRequest, reply: FastifyReply, upload: UploadRequest, folder: string): Promise<FastifyReply> {
    const path = join(folder, upload.name)
    await mkdir(folder, { recursive: true })
    try {
      await pipeline(request.raw, byteCounter(options.onBytes), createWriteStream(path, { flags: 'wx' }))
    } catch (error) {
      await rm(folder, { recursive: true, force: true })
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOSPC') return answer(reply, { ok: false, error: { code: 'INTERNAL', message: `The server's disk is full; ${upload.name} was not kept.` } }, 507)
      // The browser went away mid-file: there is nobody left to answer.
      if (request.raw.destroyed || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET') return reply.hijack()
      return answer(reply, { ok: false, error: { code: 'INTERNAL', message: `Could not store ${upload.name} (${code ?? 'write error'}).` } }, 500)
    }
    const outcome = await dispatchCommand(options.handlers, 'jobs.add', { ...upload.job, sources: [path], batchLabel: upload.job.batchLabel ?? upload.name })
    // Kept only while a job needs it as its source.
    const used = outcome.ok && (outcome.value as AddJobsResult).created.length > 0
    if (!used) await rm(folder, { recursive: true, force: true })
    return answer(reply, outcome)
  }

  app.register(async (scope) => {
    // The body is the file itself: never parsed, never buffered, no size limit.
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null))
    scope.post(UPLOAD_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
      const upload = readUploadRequest(request.query as Record<string, unknown>)
      if ('code' in upload) return answer(reply, { ok: false, error: upload })
      const folder = join(options.uploadsDir, randomUUID())
      const done = options.sweeper.receiving(folder)
      try {
        return await receive(request, reply, upload, folder)
      } finally {
        done()
      }
    })
  })
}
