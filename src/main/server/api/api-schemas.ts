/**
 * The bodies `/api/v1` takes and gives, as zod schemas: built from the contract's own schemas
 * where the contract has them (encode settings, targets, share expiry), and the source of the
 * OpenAPI document. A job is answered in a public view (ApiJob), not the engine's record, so
 * the engine can change its record without breaking scripts.
 */
import { z } from 'zod'
import { addJobsCommandSchema, MAX_SHARE_SECONDS } from '@shared/contract'
import { JOB_STATUSES } from '@shared/job'
import { encodeSettingsSchema } from '@shared/settings'
import { storageTargetSchema, targetNameSchema } from '@shared/targets'

export const jobIdSchema = z.string().regex(/^job-[0-9a-f-]{36}$/, 'A job id looks like job-<uuid>.')
export const jobParamsSchema = z.object({ id: jobIdSchema })
export const targetParamsSchema = z.object({ name: targetNameSchema })
export const jobStatusSchema = z.enum(JOB_STATUSES)

/** The issue's spelling (VIDEO, AUDIO) and the studio's (video, audio, auto) both work. */
export const apiResourceTypeSchema = z
  .enum(['VIDEO', 'AUDIO', 'auto', 'video', 'audio'])
  .transform((type) => type.toLowerCase() as 'video' | 'audio' | 'auto')

const jobOptions = {
  title: addJobsCommandSchema.shape.title.describe('Also names the collection: the same title gives the same slug.'),
  resourceType: apiResourceTypeSchema.optional(),
  /** Only what is given changes; the rest comes from the studio's Settings. */
  settings: encodeSettingsSchema.partial().optional().describe('Encode settings to change from the studio’s defaults (Settings).'),
  target: addJobsCommandSchema.shape.target.describe('Storage target to publish to; null publishes nowhere; absent: the default target.'),
  priority: z.number().int().min(-100).max(100).optional()
}

export const createJobBodySchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'url: give an http(s) URL.' }).max(4096).optional(),
    path: z.string().min(1).max(4096).optional().describe('A file under one of serve’s --media-root folders.'),
    ...jobOptions
  })
  .strict()
  .refine((body) => Boolean(body.url) !== Boolean(body.path), 'Give exactly one of "url" or "path".')
  .meta({ id: 'CreateJob' })
export type CreateJobBody = z.output<typeof createJobBodySchema>

/** The fields of a multipart upload besides its files; `settings` is a JSON string there. */
export const uploadFieldsSchema = z.object(jobOptions).strict()

export const apiJobSchema = z
  .object({
    jobId: jobIdSchema,
    slug: z.string(),
    title: z.string(),
    jobStatus: jobStatusSchema,
    resourceType: z.enum(['auto', 'video', 'audio']),
    source: z.object({ kind: z.enum(['url', 'file']), location: z.string() }),
    target: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    progress: z.object({
      percent: z.number(),
      currentVariant: z.string().optional(),
      variantPercent: z.number().optional(),
      completedSegments: z.number().optional(),
      totalSegments: z.number().optional(),
      fps: z.number().optional(),
      etaSeconds: z.number().optional()
    }),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    masterPlaylistUrl: z.string().optional().describe('Once completed: the published master playlist, else the local one (needs the token).'),
    downloadUrl: z.string().optional().describe('Once completed, when the job made one (settings.mp4): the MP4 download, published or local.'),
    statusUrl: z.string(),
    jobUrl: z.string().describe('The job in the studio’s page.'),
    eventsUrl: z.string()
  })
  .meta({ id: 'Job' })
export type ApiJob = z.infer<typeof apiJobSchema>

export const listJobsQuerySchema = z.object({
  status: z
    .string()
    .optional()
    .describe(`Comma-separated statuses: ${JOB_STATUSES.join(', ')}.`)
    .transform((text, ctx) => {
      if (!text) return undefined
      const wanted = text.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean)
      const unknown = wanted.filter((s) => !(JOB_STATUSES as readonly string[]).includes(s))
      if (unknown.length) ctx.addIssue({ code: 'custom', message: `status: ${unknown.join(', ')} is not a job status (${JOB_STATUSES.join(', ')}).` })
      return wanted as Array<(typeof JOB_STATUSES)[number]>
    }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional().describe('nextCursor of the previous page.')
})
export const jobListSchema = z.object({ jobs: z.array(apiJobSchema), nextCursor: z.string().nullable() }).meta({ id: 'JobList' })

export const retryBodySchema = z.object({ uploadOnly: z.boolean().default(false) }).strict().optional()
export const deleteQuerySchema = z.object({
  outputs: z.enum(['local', 'remote', 'both']).optional().describe('Also delete the package: on this machine, in the bucket, or both. Absent: only the job.')
})
export const deletedSchema = z.object({ deleted: z.string() })
export const logQuerySchema = z.object({ tail: z.coerce.number().int().min(1).max(5000).default(200) })
export const logSchema = z.object({ jobId: jobIdSchema, lines: z.array(z.string()) })

export const playbackQuerySchema = z.object({ from: z.enum(['local', 'remote']).default('local') })
export const playbackSchema = z
  .object({
    url: z.string().describe('Plays in an HLS player; a local or relayed URL needs the token.'),
    origin: z.enum(['local', 'public', 'proxy', 'share']),
    baseUrl: z.string(),
    expiresAt: z.string().optional()
  })
  .meta({ id: 'Playback' })
export const shareBodySchema = z
  .object({
    expiresInSeconds: z.number().int().min(60).max(MAX_SHARE_SECONDS).default(MAX_SHARE_SECONDS),
    mp4: z.boolean().optional().describe('A link to the MP4 download (a job made with settings.mp4) instead of the HLS.')
  })
  .strict()

export const libraryItemSchema = z.looseObject({
  jobId: z.string(),
  slug: z.string(),
  title: z.string(),
  kind: z.enum(['video', 'audio']),
  createdAt: z.string(),
  durationSeconds: z.number()
})
export const librarySchema = z.object({ collections: z.array(z.object({ slug: z.string(), title: z.string(), items: z.array(libraryItemSchema) })) }).meta({ id: 'Library' })
export const targetListSchema = z.object({ targets: z.array(storageTargetSchema) }).meta({ id: 'TargetList' })
export const connectionTestSchema = z
  .looseObject({ target: z.string(), ok: z.boolean(), checks: z.array(z.looseObject({ ok: z.boolean(), detail: z.string() })) })
  .meta({ id: 'ConnectionTest' })
