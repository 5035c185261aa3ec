import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { PackageFile, PackageFileKind } from '@shared/job'
import { SEGMENT_FORMAT_SPECS, SEGMENT_FORMATS } from '@shared/segment-formats'

export const MASTER_PLAYLIST = 'master.m3u8'
export const MANIFEST_FILE = 'job.json'

const INIT_NAMES = new Set(SEGMENT_FORMATS.flatMap((f) => SEGMENT_FORMAT_SPECS[f].initName ?? []))
/** Every format's segments, and the audio-only and whole-file media a package may hold. */
const SEGMENT_EXTENSIONS = new Set([...SEGMENT_FORMATS.map((f) => SEGMENT_FORMAT_SPECS[f].extension), 'aac', 'mp4'])

export function classifyPackageFile(path: string): PackageFileKind {
  const name = path.split('/').pop() ?? path
  if (path === MASTER_PLAYLIST) return 'master'
  if (path === MANIFEST_FILE) return 'manifest'
  // thumbnails/storyboard.vtt indexes the sprite sheets: it belongs with the images.
  if (path.startsWith('thumbnails/')) return 'image'
  if (path.startsWith('download/')) return 'download'
  if (name.endsWith('.m3u8')) return 'playlist'
  if (INIT_NAMES.has(name) || /^init.*\.mp4$/.test(name)) return 'init'
  if (SEGMENT_EXTENSIONS.has(name.split('.').pop() ?? '')) return 'segment'
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
