import { readdir, rm, rmdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/**
 * Where a job's package lives, and removing it. Apart from encode-job.ts so storage and the
 * Library can remove a package without loading the encode pipeline.
 */
export function packageDirFor(outputRoot: string, slug: string, jobId: string): string {
  return join(outputRoot, slug, jobId)
}

/** Work happens beside the final folder, so a half-written package is never mistaken for a finished one. */
export function partialDirFor(packageDir: string): string {
  return `${packageDir}.partial`
}

/** Where chunk work lives inside the job's partial folder; kept across a crash. */
export const CHUNKS_FOLDER = 'chunks'

/**
 * Removes a job's partial and finished output, and the slug folder if that leaves it empty.
 * `keepCheckpoints` keeps the finished chunks of a long video (chunks/ in the partial folder),
 * so an encode cut by a crash goes on from them; everything else is removed.
 */
export async function removeJobOutput(packageDir: string, options: { keepCheckpoints?: boolean } = {}): Promise<void> {
  const partial = partialDirFor(packageDir)
  if (options.keepCheckpoints) {
    const names = await readdir(partial).catch(() => [] as string[])
    await Promise.all(names.filter((n) => n !== CHUNKS_FOLDER).map((n) => rm(join(partial, n), { recursive: true, force: true, maxRetries: 3 })))
    await rm(packageDir, { recursive: true, force: true })
    return
  }
  await rm(partial, { recursive: true, force: true, maxRetries: 3 })
  await rm(packageDir, { recursive: true, force: true })
  await rmdir(dirname(packageDir)).catch(() => undefined)
}
