import { invoke, type ApiDeps } from './api-deps'
import { absoluteUrls } from './api-job-view'
import { apiRoute, type ApiRoute } from './api-route'
import { connectionTestSchema, jobParamsSchema, librarySchema, playbackQuerySchema, playbackSchema, shareBodySchema, targetListSchema, targetParamsSchema } from './api-schemas'

/** The Library, the player's sources, share links and storage targets: the contract's commands, over HTTP. */
export function libraryRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    apiRoute({
      method: 'GET',
      path: '/library',
      operationId: 'listLibrary',
      tag: 'Library',
      summary: 'Finished packages, grouped in collections by title',
      success: { status: 200, description: 'The collections.', schema: librarySchema },
      errors: [],
      handle: async ({ base }) => ({ body: absoluteUrls({ collections: await invoke(deps, 'library.list', undefined) }, base) })
    }),
    apiRoute({
      method: 'GET',
      path: '/jobs/{id}/playback',
      operationId: 'getPlayback',
      tag: 'Library',
      summary: 'A URL that plays the package: local, public, or through the signing proxy',
      params: jobParamsSchema,
      query: playbackQuerySchema,
      success: { status: 200, description: 'Where to play it from.', schema: playbackSchema },
      errors: [400, 404, 422],
      handle: async ({ params, query, base }) => ({ body: absoluteUrls(await invoke(deps, 'playback.source', { id: params.id, from: query.from }), base) })
    }),
    apiRoute({
      method: 'POST',
      path: '/jobs/{id}/share',
      operationId: 'shareJob',
      tag: 'Library',
      summary: 'A share link of a published package (at most 7 days for a private bucket)',
      params: jobParamsSchema,
      body: shareBodySchema,
      success: { status: 200, description: 'The link.', schema: playbackSchema },
      errors: [400, 404, 422],
      handle: async ({ params, body, base }) => ({ body: absoluteUrls(await invoke(deps, 'share.create', { id: params.id, expiresInSeconds: body.expiresInSeconds, mp4: body.mp4 }), base) })
    }),
    apiRoute({
      method: 'GET',
      path: '/targets',
      operationId: 'listTargets',
      tag: 'Targets',
      summary: 'Storage targets (never their credentials)',
      success: { status: 200, description: 'The targets.', schema: targetListSchema },
      errors: [],
      handle: async () => ({ body: { targets: await invoke(deps, 'targets.list', undefined) } })
    }),
    apiRoute({
      method: 'POST',
      path: '/targets/{name}/test',
      operationId: 'testTarget',
      tag: 'Targets',
      summary: 'Test a target: endpoint, credentials, bucket, write, delete, CORS',
      params: targetParamsSchema,
      success: { status: 200, description: 'Each check with what it found; ok is false when one failed.', schema: connectionTestSchema },
      errors: [400, 404],
      handle: async ({ params }) => ({ body: await invoke(deps, 'targets.test', params) })
    })
  ]
}
