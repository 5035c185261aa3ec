import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { MEDIA_PATH } from '@shared/wire'
import { answerFile } from '../engine/library/file-range'
import { resolveMediaFile, type PackageDirLookup } from '../engine/library/media-files'
import { PLAYBACK_SAFETY_HEADERS } from '../engine/storage/content-headers'

/**
 * `GET /media/<jobId>/<path>`: local packages for the player, with Range, confined to each
 * job's package folder exactly as the desktop's `studio-media://` protocol is (both use
 * resolveMediaFile). The raw URL is used, undecoded, so `%2e%2e` and `%2f` are judged by the
 * confinement rules rather than by a router that already decoded them.
 */
export function serveMedia(app: FastifyInstance, packageDirOf: PackageDirLookup): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const raw = (request.raw.url ?? '').split('?')[0]!.slice(MEDIA_PATH.length + 1)
    const file = await resolveMediaFile(raw, packageDirOf)
    if (!file) return reply.code(404).type('text/plain; charset=utf-8').send('Not found.\n')
    const range = typeof request.headers.range === 'string' ? request.headers.range : undefined
    const answer = answerFile(file, range, request.method)
    // A package is the studio's own output, but a file in it is still never a page of the studio.
    reply.code(answer.status).headers({ ...answer.headers, ...PLAYBACK_SAFETY_HEADERS })
    // Return the reply itself: an async handler that resolves undefined makes Fastify send an empty body.
    return reply.send(answer.open ? answer.open() : '')
  }
  app.route({ method: ['GET', 'HEAD'], url: `${MEDIA_PATH}/*`, handler, exposeHeadRoute: false })
}
