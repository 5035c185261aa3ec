/**
 * `serve`: the studio in a browser. One engine (a StudioRuntime) behind the built renderer,
 * the contract over a WebSocket, media routes for preview, streaming uploads, health and
 * metrics; every request needs the token. `startServer` is also the programmatic entry the
 * end-to-end tests use, with an isolated data dir and injected endpoints.
 */
import { readFileSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyWebsocket from '@fastify/websocket'
import { StudioError } from '@shared/errors'
import { MEDIA_PATH } from '@shared/wire'
import { openStudioRuntime, type StudioRuntime, type StudioRuntimeConfig } from '../engine/studio-runtime'
import type { BinaryOverrides } from '../engine/media/binaries'
import type { AddressRule } from '../engine/sources/address-guard'
import { openDataDirLog, type DataDirLog } from '../engine/logging/data-dir-log'
import { ApiTokenStore } from '../engine/automation/api-tokens'
import { WebhookStore } from '../engine/automation/webhook-store'
import type { DeliveryPolicy } from '../engine/automation/webhook-delivery'
import { isPublicAddress } from '../engine/sources/address-guard'
import { chooseToken } from './access-token'
import { registerApi, type RunningApi } from './api'
import { apiAccess } from './api/api-access'
import { BrowserSessions } from './browser-sessions'
import { checkHealth } from './health'
import { serveMedia } from './media-route'
import { ServerMetrics } from './metrics'
import { relayedUrl, relayPlayback } from './playback-relay'
import { addSecurityHeaders, findRendererDir, serveRenderer } from './renderer-files'
import { logRequests, requestPathForLog } from './request-log'
import { guardWithToken } from './token-guard'
import { UploadSweeper } from './upload-sweeper'
import { acceptUploads, type UploadLimits } from './uploads'
import { serveContractOverWebSocket } from './ws-transport'
import { checkWorkerToken } from '../engine/distributed/worker-endpoint'
import { openWorkerSide, WORKER_ROUTE_PREFIX, type WorkerSetup } from './worker-side'

import { DEFAULT_HOST, DEFAULT_PORT } from './listen-defaults'

export { DEFAULT_HOST, DEFAULT_PORT }
/** Incoming command frames are small; a megabyte is generous and keeps a bad client from hogging memory. */
const MAX_FRAME_BYTES = 1024 * 1024

export interface ServerConfig {
  dataDir: string
  host?: string
  /** 0 picks a free port (tests). */
  port?: number
  /** Generated (and to be printed) when absent; required for a non-loopback host. */
  token?: string
  /** Output folder until Settings name another (default `<dataDir>/output`). */
  outputDir?: string
  /** The built renderer (default: found beside the build, or out/renderer from source). */
  rendererDir?: string
  binaries?: BinaryOverrides
  env?: NodeJS.ProcessEnv
  /** Folders a browser may name as sources (`--media-root`, repeatable); uploads and URLs are always allowed. */
  mediaRoots?: string[]
  /** Let URL sources reach loopback, private and link-local addresses (`--allow-private-urls`). */
  allowPrivateUrls?: boolean
  uploads?: UploadLimits
  /** Tests only: a loopback alias standing in for a public host (default: public addresses only). */
  addressAllowed?: AddressRule
  /** Queue tuning for tests. */
  studio?: StudioRuntimeConfig['studio']
  /** Workers on other machines take chunks from a BullMQ queue on this Redis (absent: every chunk runs here). */
  workers?: WorkerSetup
  /** Where serve logs (JSON lines); default: `<dataDir>/studio.log` at info. Closed with the server. */
  log?: DataDirLog
  /** Tests: the event stream's keep-alive (default 15 s) and the webhooks' retry policy. */
  apiKeepAliveMs?: number
  webhookPolicy?: Partial<DeliveryPolicy>
}

/** Why Settings show ffmpeg read-only in a browser. */
export const FFMPEG_LOCKED_REASON =
  'From a browser, ffmpeg cannot be changed: it is chosen when serve starts (--ffmpeg and --ffprobe, or HLS_STUDIO_FFMPEG and HLS_STUDIO_FFPROBE).'

export interface RunningServer {
  /** e.g. http://127.0.0.1:8686 */
  url: string
  token: string
  /** Whether the token was made up here (then it is printed). */
  tokenGenerated: boolean
  /** The link that logs a browser in: `<url>/#token=…` (a fragment: never sent to a server, never in its logs). */
  loginUrl: string
  /** With workers: the token `hls-studio worker --token` needs (made up when not given). */
  workerToken?: string
  /** With workers: the Redis URL without its password. */
  workerRedis?: string
  /** False when out/renderer is missing (`npm run build`). */
  rendererBuilt: boolean
  runtime: StudioRuntime
  /** `/api/v1`: its routes and its event log. */
  api: RunningApi
  close(): Promise<void>
}

function packageVersion(moduleDir: string): string {
  for (const candidate of [join(moduleDir, '..', '..', 'package.json'), join(moduleDir, '..', '..', '..', 'package.json')]) {
    try {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'hls-studio' && pkg.version) return pkg.version
    } catch {
      // not here
    }
  }
  return '0.0.0'
}

function listeningPort(app: FastifyInstance, configured: number | undefined): number {
  const address = app.server.address()
  return typeof address === 'object' && address ? address.port : (configured ?? DEFAULT_PORT)
}

function serverUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  // `--host [::1]` is how people write an IPv6 address next to a port; listen() wants it bare.
  const host = (config.host ?? DEFAULT_HOST).replace(/^\[(.*)\]$/, '$1')
  const { token, generated } = chooseToken(host, config.token)
  const moduleDir = dirname(fileURLToPath(import.meta.url))
  const rendererDir = config.rendererDir ?? findRendererDir(moduleDir)
  const outputRoot = config.outputDir ?? join(config.dataDir, 'output')
  for (const root of config.mediaRoots ?? []) {
    // A mistyped root would silently share nothing, or something else once created: say so now.
    if (!(await stat(root).catch(() => undefined))?.isDirectory()) throw new StudioError('INVALID_INPUT', `--media-root ${root} is not a folder.`)
  }
  const uploadsDir = join(config.dataDir, 'uploads')
  const log = config.log ?? openDataDirLog(config.dataDir, { base: { app: 'serve' } })
  // Before the runtime opens: a weak token is refused without starting anything.
  checkWorkerToken(config.workers?.token)
  const runtime = await openStudioRuntime({
    log,
    mode: 'server',
    dataDir: config.dataDir,
    defaultOutputDir: outputRoot,
    version: packageVersion(moduleDir),
    mediaBaseUrl: MEDIA_PATH,
    binaries: config.binaries,
    env: config.env,
    studio: config.studio,
    workers: { redisUrl: config.workers?.redisUrl, source: config.workers?.source, localWorker: config.workers?.localWorker },
    proxyUrlForPage: relayedUrl,
    policy: {
      sourceRoots: [...(config.mediaRoots ?? []), uploadsDir],
      outputRoot,
      ffmpegLockedReason: FFMPEG_LOCKED_REASON,
      allowPrivateUrls: config.allowPrivateUrls ?? false,
      addressAllowed: config.addressAllowed
    }
  })
  const workerSide = runtime.coordination ? openWorkerSide(runtime.coordination, { token: config.workers?.token, maxRungBytes: config.workers?.maxRungBytes }) : undefined
  const metrics = new ServerMetrics()
  const stopMetrics = runtime.subscribe((event) => metrics.observe(event))

  // Fastify's request serializer would log the whole URL and every header; requests are logged once, by logRequests.
  const app = Fastify({
    loggerInstance: log.logger.child({}, { serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, path: requestPathForLog(req.url) }) } }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: true
  })
  let transport: ReturnType<typeof serveContractOverWebSocket> | undefined
  let api: RunningApi | undefined
  let stopSweeping = (): void => undefined
  try {
    await app.register(fastifyCookie)
    await app.register(fastifyWebsocket, { options: { maxPayload: MAX_FRAME_BYTES } })
    addSecurityHeaders(app)
    logRequests(app)
    guardWithToken(app, token, new BrowserSessions(() => listeningPort(app, config.port)), {
      extraAccess: apiAccess(token, new ApiTokenStore(config.dataDir)),
      ownTokenPrefixes: workerSide ? [WORKER_ROUTE_PREFIX] : []
    })
    workerSide?.routes(app)
    transport = serveContractOverWebSocket(app, { handlers: runtime.handlers, subscribe: runtime.subscribe, describeFailure: runtime.describeFailure })
    const socketCount = transport.clients
    serveMedia(app, (jobId) => runtime.library.packageDirOf(jobId))
    relayPlayback(app, runtime.playbackProxy)
    const sweeper = new UploadSweeper(uploadsDir, () => runtime.studio.jobs.list())
    await sweeper.sweep()
    stopSweeping = runtime.subscribe((event) => {
      // An event listener cannot await: a failed sweep is logged, never an unhandled rejection (fatal on Node 20).
      if (event.type === 'job-completed' || event.type === 'job-removed') {
        sweeper.sweep().catch((error: unknown) => log.logger.warn({ err: error }, 'could not remove finished uploads'))
      }
    })
    const onUploadBytes = (n: number): void => void (metrics.browserUploadBytes += n)
    acceptUploads(app, { handlers: runtime.handlers, describeFailure: runtime.describeFailure, uploadsDir, sweeper, limits: config.uploads, onBytes: onUploadBytes })
    api = registerApi(app, {
      handlers: runtime.handlers,
      describeFailure: runtime.describeFailure,
      subscribe: runtime.subscribe,
      version: packageVersion(moduleDir),
      keepAliveMs: config.apiKeepAliveMs,
      uploads: { dir: uploadsDir, sweeper, limits: config.uploads, onBytes: onUploadBytes },
      webhooks: {
        store: new WebhookStore(config.dataDir),
        base: () => serverUrl(host, listeningPort(app, config.port)),
        log: log.logger,
        // Webhook endpoints are held to the rule of URL sources.
        addressAllowed: config.allowPrivateUrls ? undefined : (config.addressAllowed ?? isPublicAddress),
        policy: config.webhookPolicy
      }
    })
    app.get('/api/health', async (_request, reply) => {
      const report = await checkHealth(runtime, config.dataDir)
      const workers = await workerSide?.health()
      const ok = report.ok && (workers?.redis.ok ?? true)
      return reply.code(ok ? 200 : 503).send({ ...report, ok, ...(workers ? { workers } : {}) })
    })
    app.get('/metrics', async (_request, reply) => {
      const workerLines = workerSide ? await workerSide.metrics() : []
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.render(runtime.studio.jobs.list(), { websocketClients: socketCount() }) + workerLines.map((l) => `${l}\n`).join(''))
    })
    await serveRenderer(app, rendererDir)
    await app.listen({ host, port: config.port ?? DEFAULT_PORT }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') throw new StudioError('INVALID_INPUT', `Port ${config.port ?? DEFAULT_PORT} is already in use on ${host}. Choose another with --port.`)
      if (error.code === 'EADDRNOTAVAIL') throw new StudioError('INVALID_INPUT', `${host} is not an address of this machine.`)
      throw error
    })
  } catch (error) {
    api?.close()
    transport?.close()
    stopSweeping()
    stopMetrics()
    // Closing what started is best effort: the error that stopped the start is the one to report.
    await app.close().catch(() => undefined)
    await runtime.close()
    if (!config.log) log.close()
    throw error
  }

  const url = serverUrl(host, listeningPort(app, config.port))
  let closing: Promise<void> | undefined
  return {
    url,
    token,
    tokenGenerated: generated,
    loginUrl: `${url}/#token=${encodeURIComponent(token)}`,
    workerToken: workerSide?.token,
    workerRedis: workerSide?.coordination.active.url,
    rendererBuilt: Boolean(rendererDir),
    runtime,
    api: api!,
    close() {
      closing ??= (async () => {
        api?.close()
        transport?.close()
        stopSweeping()
        stopMetrics()
        await app.close()
        await runtime.close()
        if (!config.log) log.close()
      })()
      return closing
    }
  }
}
