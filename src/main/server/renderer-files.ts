import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import { RENDERER_CSP_HEADER } from '@shared/csp'

/**
 * Where the built renderer is: beside the built main process (out/main → out/renderer), or,
 * running from source, the repository's out/renderer some levels up.
 */
export function findRendererDir(moduleDir: string): string | undefined {
  const candidates = [join(moduleDir, '..', 'renderer')]
  let dir = moduleDir
  for (let depth = 0; depth < 6; depth++) {
    candidates.push(join(dir, 'out', 'renderer'))
    dir = dirname(dir)
  }
  return candidates.find((candidate) => existsSync(join(candidate, 'index.html')))
}

export const NOT_BUILT_TEXT = 'The studio UI is not built. Run `npm run build` in the HLS Studio folder, then start `hls-studio serve` again.'

/** Headers every answer carries; the CSP is the renderer's, the same as its meta tag. */
export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff')
    // No Referer may carry a studio URL to a bucket or CDN.
    reply.header('Referrer-Policy', 'no-referrer')
    reply.header('Cross-Origin-Opener-Policy', 'same-origin')
    // Media and relayed bucket objects set their own, stricter policy (sandbox): keep it.
    if (!reply.hasHeader('Content-Security-Policy')) reply.header('Content-Security-Policy', RENDERER_CSP_HEADER)
    return payload
  })
}

/** The built renderer, or a plain page saying how to build it. */
export async function serveRenderer(app: FastifyInstance, rendererDir: string | undefined): Promise<void> {
  if (!rendererDir) {
    app.get('/', async (_request, reply) => reply.code(503).type('text/plain; charset=utf-8').send(`${NOT_BUILT_TEXT}\n`))
    return
  }
  await app.register(fastifyStatic, { root: rendererDir, index: ['index.html'], wildcard: true, cacheControl: false })
}
