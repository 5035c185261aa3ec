import type { OnLog } from '@shared/log-levels'
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { StudioError, isStudioError } from '@shared/errors'
import type { AddressRule } from './address-guard'
import { receiveBody } from './http-body'
import { cancelledError, openHttp, statusError } from './http-response'
import { redactUrl } from './url-source'
import { backoffDelayMs, type RetryPolicy } from '../retry'

/** A dropped connection is resumed after 0.25 s, doubling up to 5 s while no byte arrives. */
const RESUME_BACKOFF: RetryPolicy = { maxAttempts: Infinity, baseDelayMs: 250, maxDelayMs: 5000 }

export interface DownloadProgress {
  transferredBytes: number
  totalBytes?: number
}

export interface DownloadRequest {
  url: string
  /** Final file; bytes land in `<destination>.part` until the download is whole. */
  destination: string
  signal?: AbortSignal
  /** Refuse anything larger (bytes). */
  maxBytes?: number
  responseTimeoutMs?: number
  idleTimeoutMs?: number
  /** Dropped connections in a row, with no byte arriving in between, before giving up. */
  maxResumes?: number
  /** Addresses the download may connect to (serve: public ones only); absent: any, since the machine's own person asked. */
  addressAllowed?: AddressRule
  onProgress?: (progress: DownloadProgress) => void
  onLog?: OnLog
}

export interface DownloadResult {
  path: string
  bytes: number
  contentType?: string
  /** Times a dropped connection was picked up again where it stopped. */
  resumes: number
}

export const DEFAULT_MAX_DOWNLOAD_BYTES = 200 * 1024 ** 3

/** What a media URL may answer with. Object stores often say octet-stream; web pages and error documents are refused. */
export function isMediaContentType(header: string | undefined): boolean {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase()
  if (!type) return true
  if (type.startsWith('video/') || type.startsWith('audio/')) return !type.includes('mpegurl')
  return ['application/octet-stream', 'binary/octet-stream', 'application/mp4', 'application/ogg', 'application/x-matroska', 'application/mxf'].includes(type)
}

interface PartMeta {
  url: string
  validator?: string
}

const partPath = (destination: string): string => `${destination}.part`
const metaPath = (destination: string): string => `${destination}.part.json`

/** A strong ETag or Last-Modified: the only validators If-Range accepts. */
function validatorOf(response: IncomingMessage): string | undefined {
  const etag = response.headers.etag
  if (etag && !etag.startsWith('W/')) return etag
  return response.headers['last-modified']
}

async function bytesOnDisk(file: string): Promise<number> {
  return stat(file).then((s) => s.size, () => 0)
}

/** Bytes already downloaded from this same URL by an earlier, interrupted attempt. */
async function resumableOffset(request: DownloadRequest): Promise<{ offset: number; validator?: string }> {
  const meta = await readFile(metaPath(request.destination), 'utf8').then((t) => JSON.parse(t) as PartMeta, () => undefined)
  const offset = await bytesOnDisk(partPath(request.destination))
  if (meta?.url === request.url && meta.validator && offset > 0) return { offset, validator: meta.validator }
  await rm(partPath(request.destination), { force: true })
  return { offset: 0 }
}

/** `bytes 100-199/1000` → { start: 100, total: 1000 }. */
function parseContentRange(header: string | undefined): { start?: number; total?: number } {
  const match = /^bytes\s+(?:(\d+)-\d+|\*)\/(\d+|\*)$/i.exec(header?.trim() ?? '')
  if (!match) return {}
  return { start: match[1] ? Number(match[1]) : undefined, total: match[2] && match[2] !== '*' ? Number(match[2]) : undefined }
}

function isDroppedConnection(error: unknown): boolean {
  if (isStudioError(error)) return error.code === 'TIMEOUT'
  const code = (error as NodeJS.ErrnoException).code
  return ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ERR_STREAM_PREMATURE_CLOSE', 'ECONNABORTED', 'EAI_AGAIN'].includes(code ?? '') ||
    /aborted|socket hang up|premature/i.test((error as Error).message ?? '')
}

/**
 * Downloads a URL into the work folder. A connection that drops mid-way is picked up where
 * it stopped with an HTTP Range request (If-Range guards against the file having changed),
 * also across attempts and restarts. Checks the Content-Type and a size limit before
 * writing much, and times out a server that stops answering.
 */
export async function downloadUrl(request: DownloadRequest): Promise<DownloadResult> {
  const where = redactUrl(request.url)
  const maxBytes = request.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES
  const maxResumes = request.maxResumes ?? 5
  const log = request.onLog ?? (() => undefined)
  await mkdir(dirname(request.destination), { recursive: true })
  let { offset, validator } = await resumableOffset(request)
  if (offset > 0) log(`resuming ${where} at byte ${offset}`, 'info')
  let resumes = 0
  let dropsWithoutProgress = 0
  let offsetAtLastDrop = offset
  let contentType: string | undefined
  let lastReport = 0

  for (;;) {
    if (request.signal?.aborted) throw cancelledError()
    try {
      const { response } = await openHttp(request.url, {
        rangeStart: offset,
        ifRange: validator,
        signal: request.signal,
        responseTimeoutMs: request.responseTimeoutMs ?? 30_000,
        idleTimeoutMs: request.idleTimeoutMs ?? 60_000,
        addressAllowed: request.addressAllowed
      })
      const status = response.statusCode ?? 0
      const range = parseContentRange(response.headers['content-range'])
      if (status === 416 && offset > 0) {
        response.resume()
        // Everything was already here (a crash between the last byte and the rename)…
        if (range.total === offset) break
        // …or the bytes on disk do not fit the file any more: start over.
        await rm(partPath(request.destination), { force: true })
        offset = 0
        validator = undefined
        continue
      }
      if (status !== 200 && status !== 206) {
        response.resume()
        throw statusError(status, request.url)
      }
      if (status === 200 && offset > 0) {
        log('the server sent the whole file again (no Range support, or the file changed); starting over', 'warn')
        offset = 0
      }
      if (status === 206 && range.start !== offset) {
        response.resume()
        throw new StudioError('DOWNLOAD_FAILED', `${where} resumed at the wrong place (asked for byte ${offset}).`)
      }
      contentType = response.headers['content-type']
      if (!isMediaContentType(contentType)) {
        response.resume()
        throw new StudioError('NOT_MEDIA', `${where} is not a video or audio file (the server says ${contentType}). Check that the link points at the file itself, not a web page.`)
      }
      const length = Number(response.headers['content-length'] ?? Number.NaN)
      const total = range.total ?? (Number.isFinite(length) ? offset + length : undefined)
      if (total !== undefined && total > maxBytes) {
        response.resume()
        throw new StudioError('INVALID_INPUT', `${where} is ${total} bytes, more than the limit of ${maxBytes} bytes.`)
      }
      validator = validatorOf(response)
      const meta: PartMeta = { url: request.url, validator }
      const append = offset > 0
      // No await before receiveBody: the body must be listened to from its first byte.
      await receiveBody(response, {
        open: async () => {
          await writeFile(metaPath(request.destination), JSON.stringify(meta))
          return open(partPath(request.destination), append ? 'a' : 'w')
        },
        allowedBytes: maxBytes - offset,
        tooLarge: () => new StudioError('INVALID_INPUT', `${where} is larger than the limit of ${maxBytes} bytes.`),
        written: (bytes) => {
          offset += bytes
          const now = Date.now()
          // Progress a few times a second is plenty; the queue coalesces further.
          if (now - lastReport >= 200) {
            lastReport = now
            request.onProgress?.({ transferredBytes: offset, totalBytes: total })
          }
        }
      })
      if (total !== undefined && offset < total) {
        throw Object.assign(new Error(`connection closed after ${offset} of ${total} bytes`), { code: 'ERR_STREAM_PREMATURE_CLOSE' })
      }
      break
    } catch (error) {
      if (request.signal?.aborted) throw cancelledError()
      if (!isDroppedConnection(error)) {
        if (isStudioError(error)) throw error
        throw new StudioError('DOWNLOAD_FAILED', `Download of ${where} failed: ${(error as Error).message}`)
      }
      // A connection that keeps delivering may drop any number of times; one that delivers nothing may not.
      dropsWithoutProgress = offset > offsetAtLastDrop ? 1 : dropsWithoutProgress + 1
      offsetAtLastDrop = offset
      if (dropsWithoutProgress > maxResumes) {
        if (isStudioError(error)) throw error
        throw new StudioError('DOWNLOAD_FAILED', `The connection to ${where} kept failing (${(error as Error).message}); try again later.`)
      }
      resumes++
      log(`connection dropped at byte ${offset} (${(error as Error).message}); resuming`, 'warn')
      // Cancelled while waiting: the loop's next turn sees the aborted signal and stops.
      await sleep(backoffDelayMs(dropsWithoutProgress, RESUME_BACKOFF), undefined, { signal: request.signal }).catch(() => undefined)
    }
  }

  await rename(partPath(request.destination), request.destination)
  await rm(metaPath(request.destination), { force: true })
  const bytes = await bytesOnDisk(request.destination)
  request.onProgress?.({ transferredBytes: bytes, totalBytes: bytes })
  return { path: request.destination, bytes, contentType, resumes }
}
