import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { PackageManifest } from '@shared/job'
import { readPackageManifest } from '../hls/package-manifest'
import { MANIFEST_FILE } from '../hls/package-files'

const JOB_ID = /^job-[0-9a-f-]{36}$/

export interface PackageOnDisk {
  dir: string
  manifest: PackageManifest
}

async function entries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name)
  } catch {
    return []
  }
}

/**
 * Finished packages under output roots, laid out `<root>/<slug>/<jobId>/job.json`. Manifests
 * are cached by modification time, so listing the Library again reads only what changed.
 * A folder without a readable job.json (an encode in progress, a stranger's folder) is skipped.
 */
export class PackageScanner {
  private readonly cache = new Map<string, { mtimeMs: number; manifest: PackageManifest }>()

  async readPackage(dir: string): Promise<PackageOnDisk | undefined> {
    const file = join(dir, MANIFEST_FILE)
    try {
      const { mtimeMs } = await stat(file)
      const cached = this.cache.get(file)
      if (cached && cached.mtimeMs === mtimeMs) return { dir, manifest: cached.manifest }
      const manifest = await readPackageManifest(file)
      this.cache.set(file, { mtimeMs, manifest })
      return { dir, manifest }
    } catch {
      // Not a finished package (missing, half-written or damaged job.json): the Library skips it, as documented above.
      this.cache.delete(file)
      return undefined
    }
  }

  async scan(roots: Iterable<string>): Promise<Map<string, PackageOnDisk>> {
    const found = new Map<string, PackageOnDisk>()
    for (const root of new Set(roots)) {
      for (const slug of await entries(root)) {
        for (const jobId of (await entries(join(root, slug))).filter((name) => JOB_ID.test(name))) {
          const pkg = await this.readPackage(join(root, slug, jobId))
          if (pkg && pkg.manifest.jobId === jobId && !found.has(jobId)) found.set(jobId, pkg)
        }
      }
    }
    return found
  }
}
