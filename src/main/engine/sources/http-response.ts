import http, { type IncomingMessage } from 'node:http'
import https from 'node:https'
import { StudioError } from '@shared/errors'
import { checkLiteralHost, guardedLookup, type AddressRule } from './address-guard'
import { redactUrl } from './url-source'

export interface OpenOptions {
  /** Ask for the bytes from here on (HTTP Range). */
  rangeStart?: number
  /** ETag or Last-Modified of the bytes already on disk: a changed file answers 200, not 206. */
  ifRange?: string
  signal?: AbortSignal
  /** No response headers within this long. */
  responseTimeoutMs: number
  /** No bytes (headers or body) for this long. */
  idleTimeoutMs: number
  maxRedirects?: number
  /** Connect only to addresses this allows, checked on every hop (serve: public ones); absent: any. */
  addressAllowed?: AddressRule
}

export interface OpenedResponse {
  response: IncomingMessage
  /** Where the bytes really came from, after redirects. */
  url: string
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

function seconds(ms: number): string {
  return `${ms >= 10_000 ? Math.round(ms / 1000) : Number((ms / 1000).toFixed(1))} s`
}

export function cancelledError(): StudioError {
  return new StudioError('CANCELLED', 'Download cancelled.')
}

function requestOnce(url: string, options: OpenOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(cancelledError())
    if (options.addressAllowed) {
      try {
        checkLiteralHost(new URL(url), options.addressAllowed)
      } catch (error) {
        return reject(error)
      }
    }
    const client = url.startsWith('https:') ? https : http
    const headers: Record<string, string> = { 'user-agent': 'hls-studio', 'accept-encoding': 'identity' }
    if (options.rangeStart) headers.range = `bytes=${options.rangeStart}-`
    if (options.rangeStart && options.ifRange) headers['if-range'] = options.ifRange
    const request = client.get(url, { headers, ...(options.addressAllowed ? { lookup: guardedLookup(options.addressAllowed) } : {}) })

    const responseTimer = setTimeout(() => {
      request.destroy(new StudioError('TIMEOUT', `No answer from ${redactUrl(url)} within ${seconds(options.responseTimeoutMs)}.`))
    }, options.responseTimeoutMs)
    const onAbort = (): void => {
      request.destroy(cancelledError())
    }
    options.signal?.addEventListener('abort', onAbort, { once: true })
    const cleanup = (): void => {
      clearTimeout(responseTimer)
      options.signal?.removeEventListener('abort', onAbort)
    }

    // Idle limit on the socket: covers a stalled connect, stalled headers and a stalled body.
    request.setTimeout(options.idleTimeoutMs, () => {
      request.destroy(new StudioError('TIMEOUT', `${redactUrl(url)} sent nothing for ${seconds(options.idleTimeoutMs)}.`))
    })
    request.once('response', (response) => {
      clearTimeout(responseTimer)
      // Cancelling during the body is the body reader's job; keep the listener until the end.
      response.once('close', cleanup)
      resolve(response)
    })
    request.once('error', (error) => {
      cleanup()
      reject(error)
    })
  })
}

/** GET with redirects followed, timeouts and cancellation. The caller reads or discards the body. */
export async function openHttp(url: string, options: OpenOptions): Promise<OpenedResponse> {
  let current = url
  for (let hop = 0; hop <= (options.maxRedirects ?? 5); hop++) {
    const response = await requestOnce(current, options)
    const location = response.headers.location
    if (!REDIRECTS.has(response.statusCode ?? 0) || !location) return { response, url: current }
    response.resume()
    const next = new URL(location, current)
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new StudioError('DOWNLOAD_FAILED', `${redactUrl(current)} redirected to an unsupported address (${next.protocol}).`)
    }
    current = next.toString()
  }
  throw new StudioError('INVALID_INPUT', `${redactUrl(url)} redirected more than ${options.maxRedirects ?? 5} times.`)
}

/** Plain words for an HTTP status that is not the file. */
export function statusError(status: number, url: string): StudioError {
  const where = redactUrl(url)
  if (status === 404 || status === 410) return new StudioError('FILE_NOT_FOUND', `Nothing at ${where} (HTTP ${status}). Check the link.`)
  if (status === 401 || status === 403) {
    return new StudioError('INVALID_INPUT', `The server refused access to ${where} (HTTP ${status}). The link may have expired or need signing.`)
  }
  if (status === 429 || status >= 500) return new StudioError('DOWNLOAD_FAILED', `${where} is busy or failing (HTTP ${status}); try again later.`)
  return new StudioError('INVALID_INPUT', `${where} answered HTTP ${status} instead of the file.`)
}
