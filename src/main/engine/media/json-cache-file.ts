import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/** Entries of a cache file in the data dir; a missing or unreadable file is an empty cache. */
export function readCacheEntries<T>(file: string | undefined): T[] {
  if (!file) return []
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as unknown
    return Array.isArray(stored) ? (stored as T[]) : []
  } catch {
    return []
  }
}

/**
 * Replaces the cache file in one rename, so a crash never leaves half a file. A read-only
 * data dir only costs detecting again next time, so failures are ignored.
 */
export function writeCacheEntries<T>(file: string | undefined, entries: readonly T[]): void {
  if (!file) return
  try {
    mkdirSync(dirname(file), { recursive: true })
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(entries, null, 2))
    renameSync(tmp, file)
  } catch {
    // see above
  }
}
