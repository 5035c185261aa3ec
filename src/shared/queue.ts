import { z } from 'zod'
import type { Job } from './job'
import { encodeSettingsSchema } from './settings'

/** What a drop, a command line or a watch folder asks the queue to do. */
export const addJobsInputSchema = z.object({
  /** Files, folders (walked recursively) or http(s) URLs. */
  sources: z.array(z.string().min(1)).min(1, 'Give at least one file, folder or URL.'),
  settings: encodeSettingsSchema.default(encodeSettingsSchema.parse({})),
  /** Output root; each package lands in `<outputDir>/<slug>/<jobId>`. Default: the studio's. */
  outputDir: z.string().min(1).optional(),
  /** Title for every job; default: the file name without its extension. */
  title: z.string().min(1).max(300).optional(),
  /** Storage target to publish to after encoding. */
  target: z.string().min(1).optional(),
  priority: z.number().int().min(-100).max(100).default(0),
  /** Make a new job even when the same source with the same settings is still queued. */
  force: z.boolean().default(false),
  /** A name for the batch, e.g. the dropped folder. */
  batchLabel: z.string().max(300).optional(),
  /**
   * Adds to this batch, creating it on first use. A browser uploads a drop file by file, each
   * upload its own call: one id chosen by the page keeps the drop one batch ("3 of 10").
   */
  batchId: z
    .string()
    .regex(/^batch-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'A batch id looks like batch-<uuid>.')
    .optional()
})
export type AddJobsInput = z.input<typeof addJobsInputSchema>
export type AddJobsRequest = z.output<typeof addJobsInputSchema>

export interface SkippedSource {
  path: string
  reason: string
}

export interface BatchRecord {
  id: string
  label: string
  createdAt: string
  jobIds: string[]
  /** Files of the drop that did not become jobs, each with the reason. */
  skipped: SkippedSource[]
}

export interface BatchProgress {
  batchId: string
  label: string
  total: number
  completed: number
  failed: number
  cancelled: number
  active: number
  queued: number
  /** Jobs that reached an end state, e.g. 3 in "3 of 10". */
  finished: number
  /** "3 of 10". */
  summary: string
}

export interface AddJobsResult {
  batch: BatchRecord
  /** Jobs created by this call. */
  created: Job[]
  /** Sources already queued with the same settings: the existing job, not a second one. */
  duplicates: Job[]
  skipped: SkippedSource[]
}

export const watchFolderInputSchema = z.object({
  path: z.string().min(1),
  settings: encodeSettingsSchema.default(encodeSettingsSchema.parse({})),
  outputDir: z.string().min(1).optional(),
  target: z.string().min(1).optional(),
  /** Queue the files already in the folder when watching starts (default), or only new ones. */
  includeExisting: z.boolean().default(true)
})
export type WatchFolderInput = z.input<typeof watchFolderInputSchema>

export interface WatchFolderInfo {
  path: string
  outputDir: string
  target?: string
  addedAt: string
  /** Files already turned into jobs (or present when watching started without includeExisting). */
  seenCount: number
  /** Why the folder is not being watched right now (e.g. it was removed), in plain words. */
  problem?: string
}
