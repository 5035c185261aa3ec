/**
 * A coordinator (serve, in this process, with --redis and no local worker unless asked) and
 * `hls-studio worker` processes on this machine, all on a real redis-server.
 */
import { mkdirSync, readdirSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { Queue } from 'bullmq'
import { startServer, type RunningServer } from '../../src/main/server/server'
import { CHUNK_QUEUE, connectRedis } from '../../src/main/engine/distributed/chunk-queue'
import { listWorkers, type WorkerAnnouncement } from '../../src/main/engine/distributed/worker-announce'
import { startStudio, type StudioProcess } from './cli-process'
import { makeClip, tempDir, type ClipOptions } from './media'
import { startRedis, type TestRedis } from './redis-server'
import { waitUntil } from './wait'
import type { Job } from '@shared/job'

export const WORKER_TOKEN = 'worker-token-for-tests-0123456789'

export interface WorkerLab {
  redis: TestRedis
  server: RunningServer
  /** `globalArgs` go before the command, e.g. `--ffmpeg <a fake GPU>`. */
  startWorker(name: string, extraArgs?: string[], globalArgs?: string[]): Promise<StudioProcess>
  workers: StudioProcess[]
  /** The chunk jobs of a studio job still in Redis, in any state. */
  chunkJobsOf(jobId: string): Promise<string[]>
  /** The job once it completed or failed (waited for at most 300 s). */
  finishedJob(jobId: string): Promise<Job>
  /** BullMQ's counts of the chunk queue, and whether it is paused. */
  chunkQueue(): Promise<{ paused: boolean; counts: Record<string, number> }>
  /** The workers' heartbeats, as Settings → Workers reads them. */
  workersSeen(): Promise<WorkerAnnouncement[]>
  close(): Promise<void>
}

export interface WorkerLabOptions {
  localWorker?: boolean
  /** The built UI, for tests in Chromium. */
  rendererDir?: string
}

export async function startWorkerLab(root: string, mediaRoot: string, options: WorkerLabOptions = {}): Promise<WorkerLab> {
  const redis = await startRedis()
  const server = await startServer({
    dataDir: join(root, 'coordinator'),
    port: 0,
    mediaRoots: [mediaRoot],
    rendererDir: options.rendererDir,
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
    async startWorker(name, extraArgs = [], globalArgs = []) {
      const dataDir = join(root, `worker-${name}`)
      mkdirSync(dataDir, { recursive: true })
      const worker = startStudio(['--data-dir', dataDir, ...globalArgs, 'worker', '--redis', redis.url, '--server', server.url, '--token', WORKER_TOKEN, '--name', name, ...extraArgs])
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
    async finishedJob(jobId) {
      const jobs = server.runtime.studio.jobs
      await waitUntil(`job ${jobId} to complete or fail`, () => ['COMPLETED', 'FAILED'].includes(jobs.get(jobId).status), { timeoutMs: 300_000, intervalMs: 250 })
      return jobs.get(jobId)
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

export interface WorkerSuite {
  /** The suite's temporary folder; the clip is in its media/ folder. */
  root: string
  media: string
  lab: WorkerLab
  source: string
}

/** A lab and one generated clip for a test file: started before its tests, removed after them. */
export function useWorkerLab(prefix: string, clip: { name: string } & ClipOptions, options: WorkerLabOptions = {}): WorkerSuite {
  const work = tempDir(prefix)
  const suite = { root: work.path, media: join(work.path, 'media') } as WorkerSuite
  beforeAll(async () => {
    mkdirSync(suite.media)
    suite.source = await makeClip(suite.media, clip.name, clip)
    suite.lab = await startWorkerLab(suite.root, suite.media, options)
  }, 60_000)
  afterAll(async () => {
    await suite.lab?.close()
    work.cleanup()
  })
  return suite
}
