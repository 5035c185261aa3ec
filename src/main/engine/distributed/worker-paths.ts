import { StudioError } from '@shared/errors'

/** `--path-map /Volumes/Media=/mnt/media`: the coordinator's prefix, then this machine's. */
export interface PathMap {
  from: string
  to: string
}

export function parsePathMap(text: string): PathMap {
  const at = text.indexOf('=')
  const from = text.slice(0, at).replace(/\/+$/, '')
  const to = text.slice(at + 1).replace(/\/+$/, '')
  if (at <= 0 || !from.startsWith('/') || !to.startsWith('/')) {
    throw new StudioError('INVALID_INPUT', `--path-map takes two absolute folders joined by "=", e.g. /Volumes/Media=/mnt/media; "${text}" is not that.`)
  }
  return { from, to }
}

/** The path as this machine sees it: the longest matching prefix mapped, or the path itself. */
export function mapSourcePath(path: string, maps: readonly PathMap[]): string {
  const match = [...maps].sort((a, b) => b.from.length - a.from.length).find((m) => path === m.from || path.startsWith(`${m.from}/`))
  return match ? match.to + path.slice(match.from.length) : path
}
