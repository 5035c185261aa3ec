import { createHash } from 'node:crypto'
import type { Job } from '@shared/job'
import type { AddJobsResult } from '@shared/queue'
import { ApiError } from './api-errors'
import { invoke, type ApiDeps } from './api-deps'
import { absoluteUrls, apiJobView } from './api-job-view'
import { apiRoute, type ApiRoute } from './api-route'
import {
  apiJobSchema,
  createJobBodySchema,
  deletedSchema,
  deleteQuerySchema,
  jobListSchema,
  jobParamsSchema,
  listJobsQuerySchema,
  logQuerySchema,
  logSchema,
  retryBodySchema,
  type CreateJobBody
} from './api-schemas'
import type { IdempotencyKeys } from './idempotency'

/** The one job a single-source jobs.add made, found again, or why there is none. */
export function theJob(result: AddJobsResult): { job: Job; created: boolean } {
  const created = result.created[0]
  if (created) return { job: created, created: true }
  const duplicate = result.duplicates[0]
  if (duplicate) return { job: duplicate, created: false }
  const skipped = result.skipped[0]
  throw new ApiError(422, 'NOT_MEDIA', skipped ? `${skipped.path}: ${skipped.reason}` : 'No job was created from this source.')
}

/** The job options of the API as the contract's jobs.add takes them: settings over the studio's own. */
export async function jobsAddInput(deps: ApiDeps, body: Omit<CreateJobBody, 'url' | 'path'>, source: string) {
  const { settings: changed, resourceType, title, target, priority } = body
  const defaults = (await invoke(deps, 'settings.get', undefined)).encode
  const settings = { ...defaults, ...changed, ...(resourceType ? { type: resourceType } : {}) }
  return { sources: [source], settings, title, target, priority, batchLabel: title }
}

function encodeCursor(job: Job): string {
  return Buffer.from(JSON.stringify([job.createdAt, job.id])).toString('base64url')
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string]
  } catch {
    // falls through to the refusal
  }
  throw new ApiError(400, 'INVALID_INPUT', 'cursor: not a cursor this API gave; pass nextCursor of the previous page as it was.')
}

/** Newest first; ties broken by id, so a page boundary never splits or repeats a job. */
function newestFirst(a: Job, b: Job): number {
  return a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1
}

export function jobRoutes(deps: ApiDeps, idempotency: IdempotencyKeys): ApiRoute[] {
  const jobAnswer = (job: Job, base: string) => absoluteUrls(apiJobView(job), base)
  return [
    apiRoute({
      method: 'POST',
      path: '/jobs',
      operationId: 'createJob',
      tag: 'Jobs',
      summary: 'Encode a URL or a file under a media root',
      description: 'Answers 201 with the new job, or 200 with the job already queued for the same source and settings. A retried POST with the same Idempotency-Key answers the first job again.',
      body: createJobBodySchema,
      headers: { 'Idempotency-Key': { description: 'Any string up to 255 characters; the same key returns the same job.' } },
      success: { status: 201, description: 'The job, with links to follow it.', schema: apiJobSchema },
      errors: [400, 409, 422, 503],
      async handle({ body, request, base }) {
        const key = request.headers['idempotency-key']
        // Keys are per caller: two scripts that both pick "episode-1" must not get each other's jobs.
        const caller = createHash('sha256').update(request.headers.authorization ?? 'page session').digest('hex').slice(0, 16)
        const answer = await idempotency.run(typeof key === 'string' ? key : undefined, body, caller, async () => {
          const result = await invoke(deps, 'jobs.add', await jobsAddInput(deps, body, (body.url ?? body.path)!))
          const { job, created } = theJob(result)
          return { status: created ? 201 : 200, body: apiJobView(job) }
        })
        return { status: answer.status, body: absoluteUrls(answer.body, base), headers: answer.replayed ? { 'idempotent-replayed': 'true' } : undefined }
      }
    }),
    apiRoute({
      method: 'GET',
      path: '/jobs',
      operationId: 'listJobs',
      tag: 'Jobs',
      summary: 'Jobs, newest first, a page at a time',
      query: listJobsQuerySchema,
      success: { status: 200, description: 'One page of jobs; nextCursor is null on the last.', schema: jobListSchema },
      errors: [400],
      async handle({ query, base }) {
        let jobs = (await invoke(deps, 'jobs.list', undefined)).sort(newestFirst)
        if (query.status) jobs = jobs.filter((job) => query.status!.includes(job.status))
        if (query.cursor) {
          const [createdAt, id] = decodeCursor(query.cursor)
          jobs = jobs.filter((job) => newestFirst(job, { createdAt, id } as Job) > 0)
        }
        const page = jobs.slice(0, query.limit)
        const nextCursor = jobs.length > query.limit ? encodeCursor(page.at(-1)!) : null
        return { body: { jobs: page.map((job) => jobAnswer(job, base)), nextCursor } }
      }
    }),
    apiRoute({
      method: 'GET',
      path: '/jobs/{id}',
      operationId: 'getJob',
      tag: 'Jobs',
      summary: 'One job: status, progress, error, master playlist',
      params: jobParamsSchema,
      success: { status: 200, description: 'The job.', schema: apiJobSchema },
      errors: [400, 404],
      handle: async ({ params, base }) => ({ body: jobAnswer(await invoke(deps, 'jobs.get', params), base) })
    }),
    apiRoute({
      method: 'POST',
      path: '/jobs/{id}/cancel',
      operationId: 'cancelJob',
      tag: 'Jobs',
      summary: 'Cancel a queued or running job',
      params: jobParamsSchema,
      success: { status: 200, description: 'The cancelled job.', schema: apiJobSchema },
      errors: [400, 404, 409],
      handle: async ({ params, base }) => ({ body: jobAnswer(await invoke(deps, 'jobs.cancel', params), base) })
    }),
    apiRoute({
      method: 'POST',
      path: '/jobs/{id}/retry',
      operationId: 'retryJob',
      tag: 'Jobs',
      summary: 'Queue a failed or cancelled job again, or only its upload',
      params: jobParamsSchema,
      body: retryBodySchema,
      success: { status: 200, description: 'The job, queued again.', schema: apiJobSchema },
      errors: [400, 404, 409, 422],
      async handle({ params, body, base }) {
        const job = await invoke(deps, body?.uploadOnly ? 'jobs.retryUpload' : 'jobs.retry', params)
        return { body: jobAnswer(job, base) }
      }
    }),
    apiRoute({
      method: 'DELETE',
      path: '/jobs/{id}',
      operationId: 'deleteJob',
      tag: 'Jobs',
      summary: 'Remove a job, and with ?outputs= its package',
      params: jobParamsSchema,
      query: deleteQuerySchema,
      success: { status: 200, description: 'What was deleted.', schema: deletedSchema },
      errors: [400, 404, 409, 422],
      async handle({ params, query }) {
        if (!query.outputs) return { body: { deleted: (await invoke(deps, 'jobs.remove', { id: params.id })).removed } }
        const local = query.outputs !== 'remote'
        const remote = query.outputs !== 'local'
        return { body: await invoke(deps, 'library.delete', { id: params.id, local, remote }) }
      }
    }),
    apiRoute({
      method: 'GET',
      path: '/jobs/{id}/log',
      operationId: 'getJobLog',
      tag: 'Jobs',
      summary: 'The last lines of a job’s log',
      params: jobParamsSchema,
      query: logQuerySchema,
      success: { status: 200, description: 'Log lines, oldest first.', schema: logSchema },
      errors: [400, 404],
      handle: async ({ params, query }) => ({ body: { jobId: params.id, lines: await invoke(deps, 'jobs.log', { id: params.id, tail: query.tail }) } })
    })
  ]
}
