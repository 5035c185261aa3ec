import type { KeyPrefixToken } from '@shared/targets'

export type KeyPrefixValues = Record<KeyPrefixToken, string>

/** A title as one key segment: letters and digits of any script kept, the rest made dashes. */
export function titleSegment(title: string): string {
  const cleaned = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
  return cleaned.slice(0, 120) || 'untitled'
}

/**
 * The key prefix for one job. `{date}` is the day the package was made, not the day of the
 * upload, so a rerun tomorrow lands on the same keys and can skip what is already there.
 */
export function keyPrefixValues(job: { slug: string; id: string; title: string; createdAt: string }): KeyPrefixValues {
  return { slug: job.slug, jobId: job.id, title: titleSegment(job.title), date: job.createdAt.slice(0, 10) }
}

export function renderKeyPrefix(template: string, values: KeyPrefixValues): string {
  const rendered = template.replace(/\{(slug|jobId|title|date)\}/g, (_, token: KeyPrefixToken) => values[token])
  return rendered
    .split('/')
    .filter((part) => part.length > 0)
    .join('/')
}

/** The part of a template before its first token: where a connection test may write a probe. */
export function staticPrefixOf(template: string): string {
  const head = template.split('{')[0] ?? ''
  const folder = head.slice(0, head.lastIndexOf('/') + 1)
  return folder.split('/').filter(Boolean).join('/')
}

export function joinKey(prefix: string, path: string): string {
  return prefix ? `${prefix}/${path}` : path
}
