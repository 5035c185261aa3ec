import { resolve } from 'node:path'
import type { Command } from 'commander'
import { DEFAULT_HOST, DEFAULT_PORT } from '../../server/listen-defaults'
import type { WorkerSetup } from '../../server/worker-side'
import { dataDirOf, logLevelOf, UsageError, type CliContext, type GlobalOptions } from '../context'

interface ServeOptions {
  host: string
  port: string
  token?: string
  out?: string
  mediaRoot: string[]
  allowPrivateUrls?: boolean
  maxUploadBytes?: string
  redis?: string
  localWorker: boolean
  workerToken?: string
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

function parseBytes(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)B?$/i.exec(text.trim())
  if (!match) throw new UsageError(`--max-upload-bytes must be a size such as 2000000000 or 50G, not "${text}".`)
  const scale = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[match[2]!.toUpperCase() as '' | 'K' | 'M' | 'G' | 'T']
  return Math.floor(Number(match[1]) * scale)
}

/** Read from the environment so the token need not appear in the process list. */
export const TOKEN_ENV = 'HLS_STUDIO_TOKEN'
export const REDIS_ENV = 'HLS_STUDIO_REDIS'
export const WORKER_TOKEN_ENV = 'HLS_STUDIO_WORKER_TOKEN'

function parsePort(text: string): number {
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a port number (0–65535), not "${text}".`)
  return port
}

/** --redis, else $HLS_STUDIO_REDIS; without either the Redis URL in Settings → Workers is used, if any. */
function workerSetupOf(options: ServeOptions, env: NodeJS.ProcessEnv): WorkerSetup {
  const redisUrl = options.redis ?? env[REDIS_ENV]
  return {
    ...(redisUrl ? { redisUrl, source: options.redis ? ('flag' as const) : ('env' as const) } : {}),
    localWorker: options.localWorker,
    token: options.workerToken ?? env[WORKER_TOKEN_ENV]
  }
}

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the studio for a browser: the UI, live events, uploads and preview, behind a token')
    .option('--host <address>', 'address to listen on; anything but loopback needs a token', DEFAULT_HOST)
    .option('--port <port>', 'port to listen on (0 picks a free one)', String(DEFAULT_PORT))
    .option('--token <token>', `access token (at least 16 characters; or set ${TOKEN_ENV}); made up and printed when not given`)
    .option('--out <dir>', 'output root: packages land under it, and a browser may choose no folder outside it (default: <data dir>/output)')
    .option('--media-root <dir>', 'a folder whose files a browser may name as sources (repeatable); otherwise only uploads and URLs', collect, [])
    .option('--allow-private-urls', 'let URL sources reach loopback, private and link-local addresses (refused by default)')
    .option('--max-upload-bytes <size>', 'largest browser upload accepted, e.g. 50G (default: 200G)')
    .option('--redis <url>', `share chunks of long videos with \`hls-studio worker\` processes through BullMQ on this Redis (or set ${REDIS_ENV}; default: the one in Settings → Workers, if any)`)
    .option('--no-local-worker', 'with --redis: leave every chunk to the workers instead of encoding some here too')
    .option('--worker-token <token>', `the token workers use (at least 16 characters; or set ${WORKER_TOKEN_ENV}); made up and printed when not given`)
    .action(async (options: ServeOptions, command: Command) => {
      // Loaded on use, not at start-up: `hls-studio --help` should not pay for Fastify or pino.
      const [{ startServer }, { openDataDirLog }, { terminalLines }] = await Promise.all([
        import('../../server/server'),
        import('../../engine/logging/data-dir-log'),
        import('../stderr-log')
      ])
      const globals = command.optsWithGlobals<GlobalOptions>()
      const dataDir = dataDirOf(globals, ctx)
      // JSON lines in the data dir's studio.log (info), and the terminal at --log-level.
      const log = openDataDirLog(dataDir, { base: { app: 'serve' }, also: [{ stream: terminalLines((text) => ctx.streams.stderr.write(text)), level: logLevelOf(globals) }] })
      const server = await startServer({
        log,
        dataDir,
        host: options.host,
        port: parsePort(options.port),
        token: options.token ?? ctx.env[TOKEN_ENV],
        outputDir: options.out ? resolve(ctx.cwd, options.out) : undefined,
        mediaRoots: options.mediaRoot.map((dir) => resolve(ctx.cwd, dir)),
        allowPrivateUrls: options.allowPrivateUrls ?? false,
        uploads: options.maxUploadBytes ? { maxBytes: parseBytes(options.maxUploadBytes) } : undefined,
        binaries: { ffmpeg: globals.ffmpeg, ffprobe: globals.ffprobe },
        env: ctx.env,
        workers: workerSetupOf(options, ctx.env)
      }).catch((error: unknown) => {
        log.close()
        throw error
      })
      const out = ctx.streams.stdout
      out.write(`HLS Studio is serving on ${server.url}\n`)
      out.write(`The log: ${log.location}\n`)
      if (server.tokenGenerated) out.write(`Open ${server.loginUrl}\n(the token is needed on every request; the link logs the browser in)\n`)
      else out.write(`Open ${server.url}/#token=<your token>, or send Authorization: Bearer <your token>.\n`)
      if (server.workerToken) {
        out.write(`Workers: chunks go through Redis at ${server.workerRedis}. On each worker machine run\n`)
        out.write(`  hls-studio worker --redis <the same Redis URL> --server ${server.url} --token ${options.workerToken ?? ctx.env[WORKER_TOKEN_ENV] ? '<your worker token>' : server.workerToken}\n`)
      }
      if (!server.rendererBuilt) ctx.streams.stderr.write('note: the studio UI is not built, so the page will say so. Run `npm run build`, then start serve again.\n')
      for (const notice of server.runtime.studio.report.notices) ctx.streams.stderr.write(`warning: ${notice.message}\n`)
      if (server.runtime.settings.notice) ctx.streams.stderr.write(`warning: ${server.runtime.settings.notice}\n`)
      for (const notice of [...server.runtime.notices, ...(await server.runtime.storage.targets.notices())]) ctx.streams.stderr.write(`warning: ${notice}\n`)

      await new Promise<void>((done) => {
        if (ctx.signal.aborted) return done()
        ctx.signal.addEventListener('abort', () => done(), { once: true })
      })
      ctx.streams.stderr.write('Stopping: unfinished jobs stay queued for the next start.\n')
      await server.close()
      log.close()
    })
}
