import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { PackageFile, PackageFileKind } from '@shared/job'

export const MASTER_PLAYLIST = 'master.m3u8'
export const MANIFEST_FILE = 'job.json'

export function classifyPackageFile(path: string): PackageFileKind {
  const name = path.split('/').pop() ?? path
  if (path === MASTER_PLAYLIST) return 'master'
  if (path === MANIFEST_FILE) return 'manifest'
  // thumbnails/storyboard.vtt indexes the sprite sheets: it belongs with the images.
  if (path.startsWith('thumbnails/')) return 'image'
  if (name.endsWith('.m3u8')) return 'playlist'
  if (/^init.*\.mp4$/.test(name)) return 'init'
  if (/\.(ts|m4s|aac|mp4)$/.test(name)) return 'segment'
  if (/\.(vtt|webvtt)$/.test(name)) return 'subtitle'
  return 'image'
}

/** Every file under the package folder, relative paths with forward slashes, sorted. */
export async function listPackageFiles(packageDir: string): Promise<PackageFile[]> {
  const files: PackageFile[] = []
  async function walk(dir: string, prefix: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name
      if (entry.isDirectory()) await walk(join(dir, entry.name), rel)
      else if (entry.isFile()) {
        files.push({ path: rel, bytes: (await stat(join(dir, entry.name))).size, kind: classifyPackageFile(rel) })
      }
    }
  }
  await walk(packageDir, '')
  return files.sort((a, b) => a.path.localeCompare(b.path))
}
