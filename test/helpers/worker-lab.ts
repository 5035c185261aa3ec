/**
 * A coordinator (serve, in this process, with --redis and no local worker unless asked) and
 * `hls-studio worker` processes on this machine, all on a real redis-server.
 */
import { mkdirSync, readdirSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import { Queue } from 'bullmq'
import { startServer, type RunningServer } from '../../src/main/server/server'
import { CHUNK_QUEUE, connectRedis } from '../../src/main/engine/distributed/chunk-queue'
import { listWorkers, type WorkerAnnouncement } from '../../src/main/engine/distributed/worker-announce'
import { startStudio, type StudioProcess } from './cli-process'
import { startRedis, type TestRedis } from './redis-server'

export const WORKER_TOKEN = 'worker-token-for-tests-0123456789'

export interface WorkerLab {
  redis: TestRedis
  server: RunningServer
  startWorker(name: string, extraArgs?: string[]): Promise<StudioProcess>
  workers: StudioProcess[]
  /** The chunk jobs of a studio job still in Redis, in any state. */
  chunkJobsOf(jobId: string): Promise<string[]>
  /** BullMQ's counts of the chunk queue, and whether it is paused. */
  chunkQueue(): Promise<{ paused: boolean; counts: Record<string, number> }>
  /** The workers' heartbeats, as Settings → Workers reads them. */
  workersSeen(): Promise<WorkerAnnouncement[]>
  close(): Promise<void>
}

export async function startWorkerLab(root: string, mediaRoot: string, options: { localWorker?: boolean } = {}): Promise<WorkerLab> {
  const redis = await startRedis()
  const server = await startServer({
    dataDir: join(root, 'coordinator'),
    port: 0,
    mediaRoots: [mediaRoot],
    workers: { redisUrl: redis.url, localWorker: options.localWorker ?? false, token: WORKER_TOKEN }
  })
  const queue = new Queue(CHUNK_QUEUE, { connection: { url: redis.url } })
  // Tests stop Redis on purpose; the queue's reconnect errors are expected then.
  queue.on('error', () => undefined)
  const workers: StudioProcess[] = []
  const announcements = connectRedis(redis.url)
  announcements.on('error', () => undefined)
  return {
    redis,
    server,
    workers,
    async startWorker(name, extraArgs = []) {
      const dataDir = join(root, `worker-${name}`)
      mkdirSync(dataDir, { recursive: true })
      const worker = startStudio(['--data-dir', dataDir, 'worker', '--redis', redis.url, '--server', server.url, '--token', WORKER_TOKEN, '--name', name, ...extraArgs])
      workers.push(worker)
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Waited 60 s for worker ${name} to say it is taking chunks; stderr:\n${worker.stderr()}`)), 60_000)
        worker.child.stdout!.on('data', (d: Buffer) => {
          if (!d.toString().includes('is taking chunks')) return
          clearTimeout(timer)
          resolve()
        })
        worker.child.once('close', (code) => {
          clearTimeout(timer)
          reject(new Error(`worker ${name} exited (${code}) before taking chunks; stderr:\n${worker.stderr()}`))
        })
      })
      return worker
    },
    async chunkJobsOf(jobId) {
      const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed', 'paused', 'waiting-children'])
      return jobs.map((j) => j.id ?? '').filter((id) => id.startsWith(`${jobId}-c`))
    },
    async chunkQueue() {
      return { paused: await queue.isPaused(), counts: await queue.getJobCounts('waiting', 'paused', 'active', 'delayed', 'prioritized') }
    },
    workersSeen: () => listWorkers(announcements),
    async close() {
      for (const worker of workers) worker.killGroup()
      announcements.disconnect()
      await Promise.race([queue.close(), new Promise((resolve) => setTimeout(resolve, 3000))])
      await queue.disconnect()
      await server.close()
      await redis.close()
    }
  }
}

/** ffmpeg processes running in a worker's temporary chunk folder. */
export function workerFfmpegs(): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readlinkSync(`/proc/${entry}/exe`).endsWith('ffmpeg') && readlinkSync(`/proc/${entry}/cwd`).includes('hls-studio-chunk-')) found.push(Number(entry))
    } catch {
      // gone, or not ours to read
    }
  }
  return found
}
