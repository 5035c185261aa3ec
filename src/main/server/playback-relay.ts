import { request as httpRequest, type IncomingMessage } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { PLAYBACK_PATH } from '@shared/wire'
import { notPlayableText, PLAYBACK_SAFETY_HEADERS, playbackContentType } from '../engine/storage/content-headers'
import type { PlaybackProxy } from '../engine/storage/playback-proxy'

/** Reads a playlist answer whole: playlists are small text, and their URIs need rewriting. */
async function text(answer: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of answer) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** The URL the page uses for a URL of the loopback playback proxy. */
export function relayedUrl(proxyOrigin: string, url: string): string {
  return url.startsWith(`${proxyOrigin}/`) ? `${PLAYBACK_PATH}/${url.slice(proxyOrigin.length + 1)}` : url
}

/**
 * Private buckets in a browser against `serve`: the engine's playback proxy listens on the
 * server's loopback only, which a browser on another machine cannot reach. This route relays
 * `/api/playback/<proxy path>` to it (behind the serve token, like everything else), with the
 * proxy's own URLs inside playlists turned into relay URLs. Segments stay presigned bucket URLs.
 */
export function relayPlayback(app: FastifyInstance, proxy: PlaybackProxy): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const rest = (request.raw.url ?? '').slice(PLAYBACK_PATH.length + 1)
    reply.headers(PLAYBACK_SAFETY_HEADERS)
    // Judged on the raw path, before the proxy: only what a player opens, typed by its extension.
    const contentType = playbackContentType(safeDecode(rest.split('?')[0]!))
    if (!contentType) return reply.code(403).type('text/plain; charset=utf-8').send(`${notPlayableText(safeDecode(rest.split('?')[0]!.split('/').slice(2).join('/')))}\n`)
    const origin = await proxy.start()
    const headers: Record<string, string> = {}
    if (typeof request.headers.range === 'string') headers.range = request.headers.range
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      const forward = httpRequest(`${origin}/${rest}`, { method: request.method, headers }, resolve)
      forward.on('error', reject)
      forward.end()
    })
    const status = answer.statusCode ?? 502
    reply.code(status)
    for (const name of ['content-range', 'accept-ranges', 'cache-control']) {
      const value = answer.headers[name]
      if (typeof value === 'string') reply.header(name, value)
    }
    // An error of the proxy is its plain text; anything else has the type of its extension.
    reply.header('content-type', status >= 400 ? 'text/plain; charset=utf-8' : contentType)
    if (status < 400 && contentType.includes('mpegurl') && request.method === 'GET') {
      return reply.send((await text(answer)).split(`${origin}/`).join(`${PLAYBACK_PATH}/`))
    }
    if (typeof answer.headers['content-length'] === 'string') reply.header('content-length', answer.headers['content-length'])
    return reply.send(request.method === 'HEAD' ? '' : answer)
  }
  app.route({ method: ['GET', 'HEAD'], url: `${PLAYBACK_PATH}/*`, handler, exposeHeadRoute: false })
}
