/**
 * The one reader of `job.json`. It is a file on disk that a person, a sync tool or an older
 * studio may have touched, so it is validated, not cast: what publishing and the Library
 * rely on (ids, files with sizes, variants, the master) is checked field by field.
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { StudioError } from '@shared/errors'
import { QUALITY_GRADES, type PackageFileKind, type PackageManifest } from '@shared/job'
import { describeZodError } from '@shared/zod-errors'

const PACKAGE_FILE_KINDS = ['master', 'playlist', 'segment', 'init', 'image', 'subtitle', 'manifest', 'download'] as const satisfies readonly PackageFileKind[]

/** The MP4 download: its path is published and shared, so it must stay inside the package's download folder. */
const downloadSchema = z.looseObject({
  path: z.string().regex(/^download\/[^/\\]+\.mp4$/, 'The MP4 download lives in download/<name>.mp4.'),
  width: z.number(),
  height: z.number(),
  bytes: z.number().int().min(0),
  crf: z.number(),
  burnedSubtitles: z.boolean()
})

const variantSchema = z.looseObject({
  id: z.string(),
  kind: z.enum(['video', 'audio']),
  playlist: z.string(),
  width: z.number().optional(),
  height: z.number().optional(),
  frameRate: z.number().optional(),
  codecs: z.string(),
  bandwidth: z.number(),
  averageBandwidth: z.number(),
  segmentCount: z.number(),
  durationSeconds: z.number(),
  quality: z.looseObject({ ssim: z.number(), psnrDb: z.number(), grade: z.enum(QUALITY_GRADES), samples: z.number(), scaler: z.string() }).optional()
})

const audioRenditionSchema = z.looseObject({
  id: z.string(),
  playlist: z.string(),
  language: z.string(),
  name: z.string(),
  isDefault: z.boolean(),
  codecs: z.string(),
  bandwidth: z.number(),
  averageBandwidth: z.number(),
  segmentCount: z.number(),
  durationSeconds: z.number()
})

export const packageManifestSchema = z.looseObject({
  version: z.literal(1),
  jobId: z.string().regex(/^job-[0-9a-f-]{36}$/, 'A job id looks like job-<uuid>.'),
  slug: z.string().min(1),
  title: z.string(),
  createdAt: z.string(),
  source: z.looseObject({ path: z.string(), sizeBytes: z.number() }),
  // The probe and the plan are shown, not relied on: their inner shape is the encoder's own record.
  probe: z.looseObject({}),
  plan: z.looseObject({}),
  variants: z.array(variantSchema),
  audioRenditions: z.array(audioRenditionSchema).optional(),
  masterPlaylist: z.string(),
  download: downloadSchema.optional(),
  files: z.array(z.looseObject({ path: z.string().min(1), bytes: z.number().int().min(0), kind: z.enum(PACKAGE_FILE_KINDS) })),
  totalBytes: z.number(),
  warnings: z.array(z.string())
})

/** Checks a parsed job.json; `where` names it in the error. */
export function parsePackageManifest(value: unknown, where: string): PackageManifest {
  const parsed = packageManifestSchema.safeParse(value)
  if (!parsed.success) throw new StudioError('INVALID_INPUT', `${where} is not a package manifest this studio can read:\n${describeZodError(parsed.error)}`)
  // Validated above except probe and plan, which are checked to be objects (see the schema).
  return parsed.data as unknown as PackageManifest
}

/** Reads and validates `job.json` at `file`: NOT_FOUND when it is not there, INVALID_INPUT when it is damaged. */
export async function readPackageManifest(file: string): Promise<PackageManifest> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new StudioError('NOT_FOUND', `${file} is missing.`, { cause: error })
    throw error
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new StudioError('INVALID_INPUT', `${file} is not valid JSON: ${(error as Error).message}`, { cause: error })
  }
  return parsePackageManifest(value, file)
}
