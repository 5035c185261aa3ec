import type { Command } from 'commander'
import { toolkitFor, UsageError, type CliContext, type GlobalOptions } from '../context'
import packageJson from '../../../../package.json' with { type: 'json' }

interface WorkerOptions {
  redis?: string
  server?: string
  token?: string
  name?: string
  concurrency: string
  encoder: string
  pathMap: string[]
}

export const WORKER_REDIS_ENV = 'HLS_STUDIO_REDIS'
export const WORKER_TOKEN_ENV = 'HLS_STUDIO_WORKER_TOKEN'

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(what)
  return value
}

export function registerWorker(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('encode chunks of long videos for a studio elsewhere (serve --redis), taken from its BullMQ queue')
    .option('--redis <url>', `the coordinator's Redis, e.g. redis://host:6379 (or set ${WORKER_REDIS_ENV})`)
    .option('--server <url>', 'the coordinator serve prints, e.g. http://studio-pc:8686')
    .option('--token <token>', `the worker token serve prints (or set ${WORKER_TOKEN_ENV})`)
    .option('--name <name>', 'how this worker is shown (default: host name and process id)')
    .option('--concurrency <n>', 'chunks encoded at once (one x264 already fills the cores)', '1')
    .option('--encoder <name>', 'video encoder for chunks: auto (the best hardware encoder this machine proves it can open, else libx264), libx264, or a hardware encoder such as h264_nvenc', 'auto')
    .option('--path-map <from=to>', 'read sources directly where this machine sees them elsewhere, e.g. /Volumes/Media=/mnt/media (repeatable)', collect, [])
    .action(async (options: WorkerOptions, command: Command) => {
      const [{ startRemoteWorker }, { defaultWorkerName }, { parsePathMap }, { chooseWorkerEncoder }] = await Promise.all([
        import('../../engine/distributed/remote-worker'),
        import('../../engine/distributed/chunk-worker'),
        import('../../engine/distributed/worker-paths'),
        import('../../engine/distributed/worker-encoder')
      ])
      const redisUrl = required(options.redis ?? ctx.env[WORKER_REDIS_ENV], `Name the coordinator's Redis with --redis redis://host:6379 (or ${WORKER_REDIS_ENV}).`)
      const serverUrl = required(options.server, 'Name the coordinator with --server http://host:8686 (the address serve prints).')
      const token = required(options.token ?? ctx.env[WORKER_TOKEN_ENV], `Give the worker token serve printed with --token (or ${WORKER_TOKEN_ENV}).`)
      const concurrency = Number(options.concurrency)
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError(`--concurrency must be a whole number from 1 to 64, not "${options.concurrency}".`)
      if (!/^https?:\/\//.test(serverUrl)) throw new UsageError(`--server must be an http:// or https:// address, not "${serverUrl}".`)
      const pathMaps = options.pathMap.map(parsePathMap)
      const toolkit = await toolkitFor(command.optsWithGlobals<GlobalOptions>(), ctx)
      const name = options.name ?? defaultWorkerName()
      const err = ctx.streams.stderr
      const encoder = await chooseWorkerEncoder(options.encoder, toolkit, ctx.signal)
      if (encoder.fallbackReason) err.write(`warning: --encoder ${options.encoder}: ${encoder.fallbackReason}; chunks use ${encoder.encoder}\n`)
      let lastError = ''
      const worker = await startRemoteWorker({
        redisUrl,
        serverUrl,
        token,
        name,
        concurrency,
        pathMaps,
        version: packageJson.version,
        ffmpegPath: toolkit.binaries.ffmpeg.path,
        encoder: encoder.encoder,
        encoders: encoder.proven,
        onLog: (line) => err.write(`${line}\n`),
        onError: (error) => {
          // ioredis repeats the same error on every reconnect attempt.
          if (error.message !== lastError) err.write(`warning: Redis: ${error.message} (reconnecting)\n`)
          lastError = error.message
        }
      })
      ctx.streams.stdout.write(`Worker ${name} is taking chunks from ${serverUrl} (concurrency ${concurrency}, encoder ${encoder.encoder}).\n`)
      await new Promise<void>((done) => {
        if (ctx.signal.aborted) return done()
        ctx.signal.addEventListener('abort', () => done(), { once: true })
      })
      err.write('Stopping: chunks in flight are handed back to the queue.\n')
      await worker.close(true)
    })
}
