/**
 * `studio-media://package/<jobId>/<path>`: local packages and their images for the embedded
 * player, with Range (seeking in a segment, MP4 byte ranges), confined to each job's package
 * folder: a traversal, an absolute path or a symlink out answers 404, like the media route of
 * `serve` (both use resolveMediaFile).
 * https://www.electronjs.org/docs/latest/api/protocol#protocolhandlescheme-handler
 */
import { Readable } from 'node:stream'
import type { Protocol } from 'electron'
import { answerFile } from '../engine/library/file-range'
import { resolveMediaFile, type PackageDirLookup } from '../engine/library/media-files'

export const MEDIA_SCHEME = 'studio-media'
/** The base every local package URL starts with; LibraryItem.local.baseUrl is `<base>/<jobId>`. */
export const MEDIA_BASE_URL = `${MEDIA_SCHEME}://package`

/**
 * Registered before the app is ready: standard (relative URLs in playlists resolve), secure
 * (no mixed-content blocks), fetch and stream (hls.js and <video> read it), CORS-enabled.
 */
export const MEDIA_SCHEME_PRIVILEGES = {
  scheme: MEDIA_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true }
} as const

const NOT_FOUND = (): Response => new Response('Not found.\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })

export function mediaProtocolHandler(packageDirOf: PackageDirLookup): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 })
    const url = new URL(request.url)
    if (url.host !== 'package') return NOT_FOUND()
    const file = await resolveMediaFile(url.pathname, packageDirOf)
    if (!file) return NOT_FOUND()
    const answer = answerFile(file, request.headers.get('range') ?? undefined, request.method)
    const body = answer.open ? (Readable.toWeb(answer.open()) as ReadableStream<Uint8Array>) : null
    return new Response(body, { status: answer.status, headers: { ...answer.headers, 'Access-Control-Allow-Origin': '*' } })
  }
}

export function registerMediaProtocol(protocol: Pick<Protocol, 'handle'>, packageDirOf: PackageDirLookup): void {
  protocol.handle(MEDIA_SCHEME, mediaProtocolHandler(packageDirOf))
}
