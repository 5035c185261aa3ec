import { request as httpRequest, type IncomingMessage } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { PLAYBACK_PATH } from '@shared/wire'
import type { PlaybackProxy } from '../engine/storage/playback-proxy'

/** Reads a playlist answer whole: playlists are small text, and their URIs need rewriting. */
async function text(answer: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of answer) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
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
    const origin = await proxy.start()
    const rest = (request.raw.url ?? '').slice(PLAYBACK_PATH.length + 1)
    const headers: Record<string, string> = {}
    if (typeof request.headers.range === 'string') headers.range = request.headers.range
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      const forward = httpRequest(`${origin}/${rest}`, { method: request.method, headers }, resolve)
      forward.on('error', reject)
      forward.end()
    })
    reply.code(answer.statusCode ?? 502)
    for (const name of ['content-type', 'content-range', 'accept-ranges', 'cache-control']) {
      const value = answer.headers[name]
      if (typeof value === 'string') reply.header(name, value)
    }
    if (/mpegurl/i.test(answer.headers['content-type'] ?? '') && request.method === 'GET') {
      return reply.send((await text(answer)).split(`${origin}/`).join(`${PLAYBACK_PATH}/`))
    }
    if (typeof answer.headers['content-length'] === 'string') reply.header('content-length', answer.headers['content-length'])
    return reply.send(request.method === 'HEAD' ? '' : answer)
  }
  app.route({ method: ['GET', 'HEAD'], url: `${PLAYBACK_PATH}/*`, handler, exposeHeadRoute: false })
}
