import { createRequire } from 'node:module'

/**
 * The AWS SDK, loaded through require. Its packages ship one large CommonJS bundle; an ES
 * `import` of it makes Node scan the whole file for export names first, which took ≈400 ms
 * of `hls-studio publish` against ≈100 ms for require (measured on this machine; the
 * start-up rows of bench:upload show the effect). Types still come from the packages.
 */
const requireCjs = createRequire(import.meta.url)

export const s3 = requireCjs('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3')
export const libStorage = (): typeof import('@aws-sdk/lib-storage') => requireCjs('@aws-sdk/lib-storage') as typeof import('@aws-sdk/lib-storage')
export const presigner = (): typeof import('@aws-sdk/s3-request-presigner') => requireCjs('@aws-sdk/s3-request-presigner') as typeof import('@aws-sdk/s3-request-presigner')

/**
 * node:http and node:https the way the SDK itself loads them. An ES `import` of node:http
 * builds its module facade, which reads every export, and its WebSocket/fetch getters load
 * Node's bundled undici: ≈35 ms of `hls-studio publish` against ≈5 ms for require
 * (measured on Node 22 with the compile cache on).
 */
export const nodeHttp = (): typeof import('node:http') => requireCjs('node:http') as typeof import('node:http')
export const nodeHttps = (): typeof import('node:https') => requireCjs('node:https') as typeof import('node:https')
