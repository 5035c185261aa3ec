import { rm, rmdir } from 'node:fs/promises'
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

/** Removes a job's partial and finished output, and the slug folder if that leaves it empty. */
export async function removeJobOutput(packageDir: string): Promise<void> {
  await rm(partialDirFor(packageDir), { recursive: true, force: true })
  await rm(packageDir, { recursive: true, force: true })
  await rmdir(dirname(packageDir)).catch(() => undefined)
}
