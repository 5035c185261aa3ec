import { realpathSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve } from 'node:path'

/** The real path of `path`, or of its nearest existing parent with the rest appended (a folder still to be made). */
function realPathOf(path: string): string {
  let current = resolve(path)
  const rest: string[] = []
  for (;;) {
    try {
      return resolve(realpathSync(current), ...rest.reverse())
    } catch {
      const parent = dirname(current)
      if (parent === current) return resolve(path)
      rest.push(current.slice(parent.length).replace(/^[\\/]/, ''))
      current = parent
    }
  }
}

/** Whether `path` is `root` or inside it, after symlinks are resolved on both sides. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(realPathOf(root), realPathOf(path))
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** Whether `path`, symlinks resolved, is inside one of `roots`; no roots given means anywhere. */
export function isInsideAny(roots: readonly string[] | undefined, path: string): boolean {
  return !roots || roots.some((root) => isInside(root, path))
}
