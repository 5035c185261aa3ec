import { availableParallelism } from 'node:os'
import { StudioError } from '@shared/errors'
import { CHUNK_PROTOCOL, connectRedis } from './chunk-queue'
import { startChunkWorker, type RunningChunkWorker } from './chunk-worker'
import { remoteChunkProcessor, type RemoteChunkOptions } from './remote-chunk-processor'
import { announceWorker } from './worker-announce'
import { callCoordinator, refusal, WORKER_ROUTE_PREFIX } from './worker-http'

export interface RemoteWorkerOptions extends RemoteChunkOptions {
  redisUrl: string
  name: string
  concurrency: number
  version: string
  /** Video encoders this worker proved it can open (announced). */
  encoders: string[]
  onError?: (error: Error) => void
}

/**
 * Asks the coordinator's worker routes whether this token is good and this worker's protocol
 * is the coordinator's, so a wrong token or an old worker is refused at start, in plain words,
 * rather than failing every chunk it takes.
 */
export async function greetCoordinator(options: Pick<RemoteWorkerOptions, 'serverUrl' | 'token'>): Promise<void> {
  const response = await callCoordinator(options, `${WORKER_ROUTE_PREFIX}/hello`)
  if (response.status === 401) throw new StudioError('UNAUTHORIZED', `The coordinator at ${options.serverUrl} refused this worker's token: use the worker token serve printed (or its --worker-token).`)
  if (response.status === 404) throw new StudioError('INVALID_INPUT', `${options.serverUrl} takes no workers: start serve there with --redis.`)
  if (!response.ok) throw new StudioError('INVALID_INPUT', `The coordinator at ${options.serverUrl} answered ${await refusal(response)}.`)
  const hello = (await response.json()) as { protocol?: number }
  if (hello.protocol !== CHUNK_PROTOCOL) {
    throw new StudioError('INVALID_INPUT', `The coordinator speaks chunk protocol ${hello.protocol ?? '?'}, this worker ${CHUNK_PROTOCOL}: install the same version of hls-studio on both.`)
  }
}

/** `hls-studio worker`: stateless; kill it at any moment and only its chunks in flight are redone elsewhere. */
export async function startRemoteWorker(options: RemoteWorkerOptions): Promise<RunningChunkWorker> {
  await greetCoordinator(options)
  const worker = startChunkWorker({
    redisUrl: options.redisUrl,
    name: options.name,
    concurrency: options.concurrency,
    onError: options.onError,
    process: remoteChunkProcessor(options)
  })
  const redis = connectRedis(options.redisUrl)
  redis.on('error', () => undefined)
  const stopAnnouncing = announceWorker(redis, () => ({
    name: options.name,
    cores: availableParallelism(),
    encoders: options.encoders,
    version: options.version,
    protocol: CHUNK_PROTOCOL,
    active: worker.active()
  }))
  return {
    name: worker.name,
    active: () => worker.active(),
    async close(force) {
      await stopAnnouncing()
      redis.disconnect()
      await worker.close(force)
    }
  }
}
