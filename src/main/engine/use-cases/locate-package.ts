import { stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { StudioError } from '@shared/errors'
import type { Job, PackageManifest } from '@shared/job'
import { MANIFEST_FILE } from '../hls/package-files'
import { readPackageManifest } from '../hls/package-manifest'
import type { PublishableJob } from '../storage/publisher'

export interface LocatedPackage {
  /** The job as the queue knows it, when it does. */
  queued?: Job
  /** The local package, when it is still on disk. */
  local?: { packageDir: string; manifest: PackageManifest; job: PublishableJob }
}

async function readPackage(packageDir: string): Promise<LocatedPackage['local']> {
  const file = join(packageDir, MANIFEST_FILE)
  // No job.json: not a package folder (the caller says so); a damaged one is refused with what is wrong.
  if (!(await stat(file).then((s) => s.isFile(), () => false))) return undefined
  const manifest = await readPackageManifest(file)
  const job: PublishableJob = { id: manifest.jobId, slug: manifest.slug, title: manifest.title, createdAt: manifest.createdAt, source: { kind: 'file', path: manifest.source.path } }
  return { packageDir, manifest, job }
}

/**
 * A job id the queue knows, or the path of a package folder (the one holding job.json):
 * the command line's way of naming what to publish or share.
 */
export async function locatePackage(ref: string, jobs: readonly Job[], options: { cwd: string; dataDir: string }): Promise<LocatedPackage> {
  const path = resolve(options.cwd, ref)
  const isFolder = await stat(path).then((s) => s.isDirectory(), () => false)
  if (isFolder) {
    const local = await readPackage(path)
    if (!local) throw new StudioError('NOT_FOUND', `${path} is not a package folder: it has no ${MANIFEST_FILE}.`)
    return { local, queued: jobs.find((j) => j.id === local.manifest.jobId) }
  }
  const queued = jobs.find((j) => j.id === ref)
  if (!queued) {
    throw new StudioError('NOT_FOUND', `No job ${ref} in ${options.dataDir}, and no such folder. Give a job id from \`hls-studio jobs\` or the path of a package folder (it holds ${MANIFEST_FILE}).`)
  }
  const local = queued.outputs ? await readPackage(queued.outputs.dir) : undefined
  return { queued, local: local && { ...local, job: queued } }
}
