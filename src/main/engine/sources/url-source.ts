import { posix } from 'node:path'

export function isHttpUrl(text: string): boolean {
  return /^https?:\/\//i.test(text.trim())
}

/**
 * The URL as it may appear in logs and messages: presigned links carry their signature and
 * credential in the query string, so the query and any user:password are left out.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search ? '?…' : ''}`
  } catch {
    return '(not a valid URL)'
  }
}

/** A safe local file name for what the URL points at: `…/Episode%201.mp4?X-Amz…` → `Episode 1.mp4`. */
export function fileNameFromUrl(url: string, fallback = 'download'): string {
  let name = ''
  try {
    name = decodeURIComponent(posix.basename(new URL(url).pathname))
  } catch {
    name = ''
  }
  // Keep letters of any script, digits and a few marks; never a path separator or a leading dot.
  const safe = name.replace(/[^\p{L}\p{N} ._()-]+/gu, '_').replace(/^[.\s]+/, '').slice(-120)
  return safe || fallback
}
