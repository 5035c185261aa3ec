import { realpath, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'

/** `job-<uuid>`: the first segment of every media URL. */
const JOB_ID = /^job-[0-9a-f-]{36}$/

/** Finds the package folder of a job, local only; undefined when there is none on this machine. */
export type PackageDirLookup = (jobId: string) => Promise<string | undefined>

export interface MediaFile {
  /** Real path (symlinks resolved), always inside the package folder. */
  path: string
  size: number
  mtimeMs: number
}

/**
 * The segments of a URL path, each percent-decoded once. Anything that could climb or jump
 * out of a folder after decoding (`..`, `.`, an empty segment, a slash or backslash, a NUL,
 * a drive letter) refuses the whole path, so `%2e%2e`, `%2f` and `..%5c` cannot sneak past.
 */
export function safeSegments(rawPath: string): string[] | undefined {
  const segments: string[] = []
  for (const raw of rawPath.split('/')) {
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return undefined
    }
    if (segment === '' || segment === '.' || segment === '..') return undefined
    if (/[\\/\0]/.test(segment) || /^[A-Za-z]:/.test(segment)) return undefined
    segments.push(segment)
  }
  return segments
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path)
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)
}

/**
 * Resolves `<jobId>/<path inside the package>` (still percent-encoded, as it came in a URL)
 * to a file of that job's local package. Everything else is undefined, which both the
 * `studio-media://` protocol and the media route of `serve` answer with 404: an unknown job,
 * a traversal attempt, an absolute path, a folder, or a symlink that points outside.
 */
export async function resolveMediaFile(rawPath: string, packageDirOf: PackageDirLookup): Promise<MediaFile | undefined> {
  const segments = safeSegments(rawPath.replace(/^\/+/, ''))
  if (!segments || segments.length < 2) return undefined
  const [jobId, ...inside] = segments as [string, ...string[]]
  if (!JOB_ID.test(jobId)) return undefined
  const packageDir = await packageDirOf(jobId)
  if (!packageDir) return undefined
  try {
    const root = await realpath(packageDir)
    const real = await realpath(join(root, ...inside))
    if (!isInside(root, real)) return undefined
    const info = await stat(real)
    if (!info.isFile()) return undefined
    return { path: real, size: info.size, mtimeMs: info.mtimeMs }
  } catch {
    return undefined
  }
}
