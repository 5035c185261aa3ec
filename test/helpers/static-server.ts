import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance } from 'fastify'

export interface StaticServer {
  url: string
  app: FastifyInstance
  close: () => Promise<void>
}

/** Serves folders over loopback HTTP with Range support, as a CDN or the studio would. */
export async function serveFolders(mounts: Record<string, string>, pages: Record<string, string> = {}): Promise<StaticServer> {
  const app = Fastify()
  let first = true
  for (const [prefix, root] of Object.entries(mounts)) {
    await app.register(fastifyStatic, { root, prefix, decorateReply: first })
    first = false
  }
  for (const [path, html] of Object.entries(pages)) {
    app.get(path, (_req, reply) => reply.type('text/html').send(html))
  }
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  return { url: address, app, close: () => app.close() }
}
