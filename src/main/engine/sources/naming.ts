import { createHash, randomUUID } from 'node:crypto'
import { basename, extname } from 'node:path'
import slugify from '@sindresorhus/slugify'

export function newJobId(): string {
  return `job-${randomUUID()}`
}

/** The default title: the file name without its extension. */
export function titleFromPath(path: string): string {
  const name = basename(path)
  const ext = extname(name)
  return (ext ? name.slice(0, -ext.length) : name) || name
}

/**
 * The folder name for a title. Equal titles give equal slugs, so episodes of one title
 * land together. Titles with no Latin letters or digits (e.g. "日本語") still get a stable,
 * distinct slug from a hash of the title.
 */
export function slugForTitle(title: string): string {
  const slug = slugify(title, { decamelize: false })
  if (slug) return slug.slice(0, 80).replace(/-+$/, '')
  const hash = createHash('sha256').update(title.normalize('NFC')).digest('hex').slice(0, 10)
  return `untitled-${hash}`
}
