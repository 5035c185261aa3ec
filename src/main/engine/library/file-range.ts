import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { contentTypeFor } from '../storage/content-headers'
import type { MediaFile } from './media-files'

export interface FileAnswer {
  status: 200 | 206 | 416
  headers: Record<string, string>
  /** The bytes to send; undefined for HEAD and for 416. */
  open?: () => Readable
}

/**
 * Parses a single `bytes=` range against a size. Several ranges, or a header that is not a
 * byte range, are ignored (the whole file is sent), as RFC 9110 allows; undefined means the
 * range cannot be satisfied.
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'whole' | undefined {
  if (!header) return 'whole'
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match) return 'whole'
  const [, from = '', to = ''] = match
  if (from === '' && to === '') return 'whole'
  if (from === '') {
    const suffix = Number(to)
    if (suffix === 0) return undefined
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(from)
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1)
  if (start >= size || end < start) return undefined
  return { start, end }
}

/** Status, headers and body of a local media file for a GET or HEAD with an optional Range. */
export function answerFile(file: MediaFile, rangeHeader: string | undefined, method: string): FileAnswer {
  const headers: Record<string, string> = {
    'Content-Type': contentTypeFor(file.path),
    'Accept-Ranges': 'bytes',
    'Last-Modified': new Date(file.mtimeMs).toUTCString(),
    // A package being re-encoded keeps its job id; never serve yesterday's playlist.
    'Cache-Control': 'no-cache'
  }
  const range = parseRange(rangeHeader, file.size)
  if (range === undefined) {
    return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${file.size}` } }
  }
  const head = method === 'HEAD'
  if (range === 'whole') {
    headers['Content-Length'] = String(file.size)
    return { status: 200, headers, open: head || file.size === 0 ? undefined : () => createReadStream(file.path) }
  }
  headers['Content-Length'] = String(range.end - range.start + 1)
  headers['Content-Range'] = `bytes ${range.start}-${range.end}/${file.size}`
  return { status: 206, headers, open: head ? undefined : () => createReadStream(file.path, { start: range.start, end: range.end }) }
}
