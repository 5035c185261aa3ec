import type { Command } from 'commander'
import type { ChunkRunner } from '../engine/chunks/chunk-runner'
import type { Studio } from '../engine/studio'
import { DEFAULT_HOST } from '../server/listen-defaults'
import { toolkitFor, UsageError, type CliContext, type GlobalOptions } from './context'
import packageJson from '../../../package.json' with { type: 'json' }

export const ENCODE_REDIS_ENV = 'HLS_STUDIO_REDIS'
export const ENCODE_WORKER_TOKEN_ENV = 'HLS_STUDIO_WORKER_TOKEN'

export interface CoordinationFlags {
  redis?: string
  localWorker: boolean
  workerToken?: string
  workerHost: string
  workerPort: string
}

/** `encode --redis URL [--no-local-worker] [--worker-token T] [--worker-host H] [--worker-port P]`. */
export function addCoordinationFlags(command: Command): Command {
  return command
    .option('--redis <url>', `share chunks of long videos with \`hls-studio worker\` processes through BullMQ on this Redis (or set ${ENCODE_REDIS_ENV})`)
    .option('--no-local-worker', 'with --redis: leave every chunk to the workers instead of encoding some here too')
    .option('--worker-token <token>', `with --redis: the token workers use (or set ${ENCODE_WORKER_TOKEN_ENV}); made up and printed when not given`)
    .option('--worker-host <address>', 'with --redis: address the workers reach this machine on', DEFAULT_HOST)
    .option('--worker-port <port>', 'with --redis: port for the workers (0 picks a free one)', '8687')
}

export interface EncodeCoordination {
  chunkRunner: ChunkRunner
  /** Follows the studio's pause, opens the workers' routes and says how to start a worker. */
  start(studio: Studio): Promise<void>
  close(): Promise<void>
}

/**
 * `encode` as a coordinator, as serve and the desktop are one: the engine's coordination (chunk
 * queue, own worker, pause), plus the worker routes on their own port. Undefined without Redis.
 */
export async function openEncodeCoordination(flags: CoordinationFlags, command: Command, ctx: CliContext): Promise<EncodeCoordination | undefined> {
  const url = flags.redis ?? ctx.env[ENCODE_REDIS_ENV]
  if (!url) {
    if (!flags.localWorker || flags.workerToken) throw new UsageError('--no-local-worker and --worker-token only make sense with --redis (or HLS_STUDIO_REDIS).')
    return undefined
  }
  const port = Number(flags.workerPort)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--worker-port must be a port number (0–65535), not "${flags.workerPort}".`)
  const globals = command.optsWithGlobals<GlobalOptions>()
  // Loaded only here: `encode` defines these flags at every start, and pino must not load then.
  const [{ openStudioCoordination }, { checkWorkerToken, startWorkerEndpoint }, { cliLogOf }] = await Promise.all([
    import('../engine/distributed/studio-coordination'),
    import('../engine/distributed/worker-endpoint'),
    import('./stderr-log')
  ])
  const token = flags.workerToken ?? ctx.env[ENCODE_WORKER_TOKEN_ENV]
  checkWorkerToken(token)
  const coordination = openStudioCoordination(
    { url, source: flags.redis ? 'flag' : 'env' },
    { localWorker: flags.localWorker, version: packageJson.version, log: cliLogOf(globals, ctx), ffmpegPath: async () => (await toolkitFor(globals, ctx)).binaries.ffmpeg.path }
  )
  let endpoint: Awaited<ReturnType<typeof startWorkerEndpoint>> | undefined
  return {
    chunkRunner: coordination.coordinator.runner,
    async start(studio) {
      coordination.follow({ paused: () => studio.jobs.state().paused, subscribe: (listener) => studio.subscribe(listener) })
      endpoint = await startWorkerEndpoint(coordination, { host: flags.workerHost, port, token })
      const shown = flags.workerToken ?? ctx.env[ENCODE_WORKER_TOKEN_ENV] ? '<your worker token>' : endpoint.token
      ctx.streams.stderr.write(`Workers: chunks go through Redis at ${coordination.active.url}. On each worker machine run\n`)
      ctx.streams.stderr.write(`  hls-studio worker --redis <the same Redis URL> --server ${endpoint.url} --token ${shown}\n`)
    },
    async close() {
      await endpoint?.close()
      await coordination.close()
    }
  }
}
