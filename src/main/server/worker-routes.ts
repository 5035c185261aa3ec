import type { FastifyInstance } from 'fastify'
import { workerRequestHandler, type WorkerRouteOptions } from '../engine/distributed/worker-routes'
import { WORKER_ROUTE_PREFIX } from '../engine/distributed/worker-http'

export { WORKER_ROUTE_PREFIX, type WorkerRouteOptions }

/**
 * Serve's routes for workers, under /api/worker (the serve token guard lets them through; they
 * check the workers' token themselves): the engine's handler, on the raw request. Bodies are
 * rung files, streamed to disk by the handler, never parsed or buffered here.
 */
export function serveWorkerRoutes(app: FastifyInstance, options: WorkerRouteOptions): void {
  const handle = workerRequestHandler(options)
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null))
    scope.route({
      method: ['GET', 'HEAD', 'PUT'],
      url: `${WORKER_ROUTE_PREFIX}/*`,
      exposeHeadRoute: false,
      handler: async (request, reply) => {
        reply.hijack()
        await handle(request.raw, reply.raw)
      }
    })
  })
}
