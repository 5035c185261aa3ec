/**
 * `POST /api/v1/uploads`: a file (and optionally its subtitles) as multipart/form-data, the
 * way scripts and HTML forms send files. Each file part is streamed to disk as it arrives,
 * under the raw upload's limits (size, idle time, uploads at once) and into the same uploads
 * folder, then the job is made through the contract's jobs.add. The raw-body route
 * (/api/uploads) stays for the page.
 */
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fastifyMultipart from '@fastify/multipart'
import { z } from 'zod'
import { describeZodError } from '@shared/zod-errors'
import type { UploadSweeper } from '../upload-sweeper'
import { byteCounter, DEFAULT_UPLOAD_LIMITS, safeUploadName, UploadRefused, type UploadLimits } from '../uploads'
import { ApiError } from './api-errors'
import { invoke, type ApiDeps } from './api-deps'
import { absoluteUrls, apiJobView } from './api-job-view'
import { apiRoute, type ApiRoute } from './api-route'
import { apiJobSchema, uploadFieldsSchema } from './api-schemas'
import { jobsAddInput, theJob } from './jobs-routes'

export interface MultipartUploadOptions {
  dir: string
  sweeper: UploadSweeper
  limits?: UploadLimits
  onBytes: (bytes: number) => void
}

const FILE_FIELDS = ['file', 'subtitles'] as const
/** Text fields are small; a settings object of a few hundred bytes is typical. */
const MAX_FIELD_BYTES = 64 * 1024

const uploadDocSchema = z.object({
  file: z.string().meta({ format: 'binary' }).describe('The video or audio file.'),
  subtitles: z.string().meta({ format: 'binary' }).optional().describe('A .srt, .vtt or .ass file, carried as a rendition.'),
  subtitleLanguage: z.string().optional().describe('BCP 47 language of the subtitles (default und).'),
  title: z.string().optional(),
  resourceType: z.enum(['VIDEO', 'AUDIO', 'auto']).optional(),
  settings: z.string().optional().describe('Encode settings as a JSON object, as in POST /jobs.'),
  target: z.string().optional()
})

/** The text fields as POST /jobs takes them: `settings` is JSON inside a form. */
function readFields(fields: Record<string, string>) {
  const { settings, subtitleLanguage: _language, ...rest } = fields
  let parsedSettings: unknown
  if (settings !== undefined) {
    try {
      parsedSettings = JSON.parse(settings)
    } catch {
      throw new ApiError(400, 'INVALID_INPUT', 'settings: must be a JSON object.')
    }
  }
  const parsed = uploadFieldsSchema.safeParse({ ...rest, ...(parsedSettings === undefined ? {} : { settings: parsedSettings }) })
  if (!parsed.success) throw new ApiError(400, 'INVALID_INPUT', describeZodError(parsed.error))
  return parsed.data
}

export function registerMultipart(app: FastifyInstance, options: MultipartUploadOptions): void {
  const limits = { ...DEFAULT_UPLOAD_LIMITS, ...options.limits }
  // Fastify's part limits are a backstop; the byte counter gives the refusal its words.
  app.register(fastifyMultipart, { limits: { fileSize: limits.maxBytes + 1, files: FILE_FIELDS.length, fields: 10, fieldSize: MAX_FIELD_BYTES, parts: 12 } })
}

export function uploadRoute(deps: ApiDeps, options: MultipartUploadOptions): ApiRoute {
  const limits = { ...DEFAULT_UPLOAD_LIMITS, ...options.limits }
  let inFlight = 0

  async function receive(request: FastifyRequest, folder: string) {
    const files: Partial<Record<(typeof FILE_FIELDS)[number], string>> = {}
    const fields: Record<string, string> = {}
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value)
        continue
      }
      const field = FILE_FIELDS.find((f) => f === part.fieldname)
      if (!field || files[field]) {
        part.file.resume()
        throw new ApiError(400, 'INVALID_INPUT', `${part.fieldname}: send one "file" and at most one "subtitles" file.`)
      }
      const name = safeUploadName(part.filename)
      if (!name) throw new ApiError(400, 'INVALID_INPUT', `${field}: the part needs a file name.`)
      // Each file in its own name space: a clip and its subtitles may share a base name.
      const path = join(folder, field === 'subtitles' ? `subtitles-${name}` : name)
      await pipeline(part.file, byteCounter(options.onBytes, limits, name), createWriteStream(path, { flags: 'wx' }))
      files[field] = path
    }
    if (!files.file) throw new ApiError(400, 'INVALID_INPUT', 'file: attach the video or audio as the form field "file".')
    const job = readFields(fields)
    const input = await jobsAddInput(deps, job, files.file)
    if (files.subtitles) input.settings = { ...input.settings, subtitles: { path: files.subtitles, burn: false, language: fields.subtitleLanguage ?? 'und' } }
    return theJob(await invoke(deps, 'jobs.add', { ...input, batchLabel: job.title ?? files.file.split('/').pop() }))
  }

  return apiRoute({
    method: 'POST',
    path: '/uploads',
    operationId: 'uploadFile',
    tag: 'Jobs',
    summary: 'Upload a file (multipart/form-data) and encode it',
    description: 'Fields: file, and optionally subtitles, subtitleLanguage, title, resourceType, settings (JSON), target. Streamed to disk under serve’s upload limits (--max-upload-bytes).',
    bodyDoc: { contentType: 'multipart/form-data', schema: uploadDocSchema },
    success: { status: 201, description: 'The job made from the upload.', schema: apiJobSchema },
    errors: [400, 408, 413, 422, 429],
    async handle({ request, reply, base }) {
      if (!request.isMultipart()) throw new ApiError(400, 'INVALID_INPUT', 'Send the upload as multipart/form-data, with the file in the field "file".')
      if (Number(request.headers['content-length'] ?? 0) > limits.maxBytes + MAX_FIELD_BYTES * 10) {
        reply.header('connection', 'close')
        throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `The upload is larger than this studio accepts (${limits.maxBytes} bytes; serve --max-upload-bytes).`)
      }
      if (inFlight >= limits.maxInFlight) {
        reply.header('connection', 'close')
        throw new ApiError(429, 'INVALID_INPUT', `${limits.maxInFlight} uploads are already arriving; try again when one has finished.`)
      }
      inFlight++
      const folder = join(options.dir, randomUUID())
      const done = options.sweeper.receiving(folder)
      let used = false
      try {
        await mkdir(folder, { recursive: true })
        const { job, created } = await receive(request, folder)
        used = created
        return { status: created ? 201 : 200, body: absoluteUrls(apiJobView(job), base) }
      } catch (error) {
        const fileTooLarge = (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE'
        if (error instanceof UploadRefused || fileTooLarge) {
          // The rest of the body is not read: the connection closes after the answer.
          reply.header('connection', 'close')
          const status = error instanceof UploadRefused ? error.status : 413
          throw new ApiError(status, status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INVALID_INPUT', error instanceof UploadRefused ? error.message : `The upload is larger than this studio accepts (${limits.maxBytes} bytes).`)
        }
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw new ApiError(507, 'INTERNAL', 'The server’s disk is full; the upload was not kept.')
        throw error
      } finally {
        // Kept only while a new job needs it as its source.
        if (!used) await rm(folder, { recursive: true, force: true })
        inFlight--
        done()
      }
    }
  })
}
