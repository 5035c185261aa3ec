import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { rewritePlaylist, resolveKey, type UriRole } from '../hls/rewrite'
import { isStudioError } from '@shared/errors'
import { notPlayableText, PLAYBACK_SAFETY_HEADERS, playbackContentType } from './content-headers'
import { encodeKey } from './object-urls'
import { loggablePath } from '../logging/redact'
import { SILENT_LOG, type StudioLog } from '../logging/studio-log'
import type { StorageProvider } from './storage-provider'

export interface PlaybackProxyOptions {
  /** Reads the buckets, by target name: the studio's StorageProvider. */
  objects: Pick<StorageProvider, 'target' | 'readText' | 'presignGet' | 'openObject'>
  /** How segments reach the player: presigned bucket URLs (needs bucket CORS for browsers) or through this proxy. */
  segments?: 'presign' | 'proxy'
  /** Lifetime of presigned segment URLs: long enough for a long film watched with pauses. */
  presignSeconds?: number
  /** Where a failed answer's cause goes (a 500 shows the player only a sentence). */
  log?: StudioLog
  /**
   * Page origins allowed to read answers cross-origin (CORS): the studio's own, e.g. `null` for
   * the desktop's file:// page or a dev server. Default none: serve relays from the server side.
   */
  allowedOrigins?: () => readonly string[]
}

const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl'

/**
 * Plays private buckets locally: a loopback HTTP server with a random port and a per-session
 * token. `GET /<token>/<target>/<key>` of a playlist answers the bucket's playlist rewritten
 * so that media playlists come through here again and segments are presigned (or proxied).
 */
export class PlaybackProxy {
  private server?: Server
  readonly token = randomBytes(24).toString('base64url')

  constructor(private readonly options: PlaybackProxyOptions) {}

  private get logger(): StudioLog['logger'] {
    return (this.options.log ?? SILENT_LOG).logger
  }

  get origin(): string {
    const address = this.server?.address() as AddressInfo | null | undefined
    if (!address) throw new Error('The playback proxy is not running.')
    return `http://127.0.0.1:${address.port}`
  }

  /** The URL a player opens for a published job's master playlist. */
  playbackUrl(targetName: string, key: string): string {
    return `${this.origin}/${this.token}/${encodeURIComponent(targetName)}/${encodeKey(key)}`
  }

  async start(): Promise<string> {
    if (this.server) return this.origin
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        // The player gets a sentence; the cause (with its stack) goes to the log, minus the session token.
        const path = loggablePath(req.url ?? '/').replace(/^\/[^/]*/, '/[session]')
        this.logger.error({ err: error, path }, 'the playback proxy failed')
        this.fail(res, 500, 'The playback proxy failed.')
      })
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      // Loopback only: the token keeps other local users' pages out, the address keeps the network out.
      server.listen(0, '127.0.0.1', () => resolve())
    })
    this.server = server
    return this.origin
  }

  async close(): Promise<void> {
    const server = this.server
    this.server = undefined
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private tokenMatches(given: string): boolean {
    const a = Buffer.from(given)
    const b = Buffer.from(this.token)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  private fail(res: ServerResponse, status: number, message: string): void {
    if (res.headersSent) return void res.destroy()
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end(`${message}\n`)
  }

  /** Safety headers on every answer; CORS only for the studio's own page origins. */
  private commonHeaders(req: IncomingMessage, res: ServerResponse): void {
    for (const [name, value] of Object.entries(PLAYBACK_SAFETY_HEADERS)) res.setHeader(name, value)
    res.setHeader('Vary', 'Origin')
    const origin = req.headers.origin
    if (origin && (this.options.allowedOrigins?.() ?? []).includes(origin)) res.setHeader('Access-Control-Allow-Origin', origin)
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.commonHeaders(req, res)
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': 'Range' })
      return void res.end()
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.fail(res, 405, 'Only GET and HEAD.')
    const [token = '', rawTarget = '', ...rawKey] = (req.url ?? '/').split('?')[0]!.split('/').slice(1)
    if (!this.tokenMatches(token)) return this.fail(res, 403, 'Unknown playback session.')
    let targetName: string
    let key: string | undefined
    try {
      targetName = decodeURIComponent(rawTarget)
      key = resolveKey('', rawKey.map(decodeURIComponent).join('/'))
    } catch {
      return this.fail(res, 400, 'Malformed path.')
    }
    if (!key) return this.fail(res, 400, 'No object key in the path.')
    const contentType = playbackContentType(key)
    if (!contentType) return this.fail(res, 403, notPlayableText(key))
    try {
      await this.options.objects.target(targetName)
    } catch (error) {
      this.logger.warn({ err: error, target: targetName }, 'playback of an unknown storage target')
      return this.fail(res, 404, `No storage target named "${targetName}".`)
    }
    try {
      if (key.endsWith('.m3u8')) await this.servePlaylist(targetName, key, res, req.method === 'HEAD')
      else await this.serveObject(targetName, key, contentType, req, res)
    } catch (error) {
      if (isStudioError(error) && error.code === 'NOT_FOUND') return this.fail(res, 404, `Not in the bucket: ${key}`)
      const message = isStudioError(error) ? error.message : `Reading ${key} failed: ${String(error)}`
      this.logger.warn({ err: error, target: targetName }, message)
      this.fail(res, 502, message)
    }
  }

  private async servePlaylist(targetName: string, key: string, res: ServerResponse, headOnly: boolean): Promise<void> {
    const text = await this.options.objects.readText(targetName, key)
    const presignSeconds = this.options.presignSeconds ?? 6 * 3600
    const mapUri = async (uri: string, role: UriRole): Promise<string> => {
      const resolved = resolveKey(key, uri)
      if (!resolved) return uri
      const throughProxy = role === 'variant' || role === 'iframe-variant' || role === 'rendition' || this.options.segments === 'proxy'
      return throughProxy ? this.playbackUrl(targetName, resolved) : this.options.objects.presignGet(targetName, resolved, presignSeconds)
    }
    const rewritten = await rewritePlaylist(text, mapUri)
    const body = Buffer.from(rewritten.text, 'utf8')
    res.writeHead(200, {
      'Content-Type': PLAYLIST_TYPE,
      'Content-Length': body.length,
      // Presigned URLs inside expire: never let a cache keep them.
      'Cache-Control': 'no-store'
    })
    res.end(headOnly ? undefined : body)
  }

  private async serveObject(targetName: string, key: string, contentType: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const range = typeof req.headers.range === 'string' ? req.headers.range : undefined
    const headOnly = req.method === 'HEAD'
    const answer = await this.options.objects.openObject(targetName, key, { range, headOnly })
    const headers: Record<string, string | number> = {
      'Content-Type': contentType,
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'private, max-age=3600'
    }
    if (answer.contentLength !== undefined) headers['Content-Length'] = answer.contentLength
    if (answer.contentRange) headers['Content-Range'] = answer.contentRange
    res.writeHead(answer.contentRange ? 206 : 200, headers)
    const body = answer.body
    if (headOnly || !body) return void res.end()
    body.on('error', () => res.destroy())
    res.on('close', () => body.destroy())
    body.pipe(res)
  }
}
