/**
 * With workers on a real redis-server: Redis restarted mid-job (empty: no persistence), and the
 * coordinator (`hls-studio serve --redis`) killed with SIGKILL mid-job and started again. Both
 * jobs complete, and the restarted coordinator does not encode again a chunk it checkpointed.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Job } from '@shared/job'
import type { EncodeSettingsInput } from '@shared/settings'
import type { RunningServer } from '../../../src/main/server/server'
import { startStudio, type StudioProcess } from '../../helpers/cli-process'
import { inspectPackage } from '../../helpers/conformance'
import { makeClip, tempDir } from '../../helpers/media'
import { startRedis, type TestRedis } from '../../helpers/redis-server'
import { connectClient } from '../../helpers/serve'
import { waitUntil } from '../../helpers/wait'
import { restartablePort } from '../../helpers/stable-port'
import { startWorkerLab, WORKER_TOKEN, type WorkerLab } from '../../helpers/worker-lab'

const work = tempDir('hls-studio-worker-restarts-')
const media = join(work.path, 'media')
const SETTINGS: EncodeSettingsInput = { segmentSeconds: 2, ladder: [720, 360], images: false, chunkSeconds: 6 }
let source: string
const processes: StudioProcess[] = []

beforeAll(async () => {
  mkdirSync(media)
  source = await makeClip(media, 'long film', { seconds: 25, fps: 25, width: 1280, height: 720 })
}, 60_000)
afterEach(() => {
  for (const p of processes.splice(0)) p.killGroup()
})
afterAll(() => work.cleanup())

const startedWorkIds = (stderr: string): string[] => [...stderr.matchAll(/^(\S+-c\d+-a\d+): chunk \d+ of job/gm)].map((m) => m[1]!)
const deliveredWorkIds = (stderr: string): string[] => [...stderr.matchAll(/^(\S+-c\d+-a\d+): delivered/gm)].map((m) => m[1]!)
const chunkIndex = (workId: string): number => Number(/-c(\d+)-a\d+$/.exec(workId)![1])

describe('restarts with workers', () => {
  let lab: WorkerLab | undefined
  afterEach(async () => {
    await lab?.close()
    lab = undefined
  })

  it('Redis restarted mid-job (and empty): the job still completes', async () => {
    lab = await startWorkerLab(join(work.path, 'redis-restart'), media)
    const worker = await lab.startWorker('steady')
    processes.push(worker)
    const studio = lab.server.runtime.studio
    const { created } = await studio.jobs.add({ sources: [source], settings: SETTINGS })
    const jobId = created[0]!.id
    await waitUntil('a first chunk delivered and a second started', () => deliveredWorkIds(worker.stderr()).length >= 1 && startedWorkIds(worker.stderr()).length >= 2, { timeoutMs: 90_000 })
    const atRestart = worker.stderr().length
    await lab.redis.restart()
    await waitUntil('the job to finish after the Redis restart', () => ['COMPLETED', 'FAILED'].includes(studio.jobs.get(jobId).status), { timeoutMs: 240_000, intervalMs: 250 })
    const job = studio.jobs.get(jobId)
    expect(job.error?.message).toBeUndefined()
    expect(job.status).toBe('COMPLETED')
    const facts = await inspectPackage(job.outputs!.dir, { segmentSeconds: 2 })
    expect(facts.problems).toEqual([])
    expect(facts.variants.map((v) => v.segments.length)).toEqual([13, 13])
    expect(await lab.chunkJobsOf(jobId)).toEqual([])
    // The chunk in flight lost its job with Redis's memory: the coordinator queued it again under the same id.
    const inFlight = startedWorkIds(worker.stderr().slice(0, atRestart)).at(-1)!
    expect(startedWorkIds(worker.stderr()).filter((id) => id === inFlight)).toHaveLength(2)
  }, 360_000)

  it('the coordinator killed mid-job and started again finishes without re-encoding checkpointed chunks', async () => {
    const redis: TestRedis = await startRedis()
    const dataDir = join(work.path, 'coordinator')
    const port = await restartablePort()
    const url = `http://127.0.0.1:${port}`
    const token = 'serve-token-for-tests-0123456789'
    const startCoordinator = async (): Promise<StudioProcess> => {
      const coordinator = startStudio(['--data-dir', dataDir, 'serve', '--port', String(port), '--token', token, '--media-root', media, '--redis', redis.url, '--no-local-worker', '--worker-token', WORKER_TOKEN])
      processes.push(coordinator)
      try {
        await waitUntil('the coordinator to answer its worker routes', async () => {
          if (coordinator.child.exitCode !== null) throw new Error(`the coordinator exited (${coordinator.child.exitCode}) before answering`)
          const hello = await fetch(`${url}/api/worker/hello`, { headers: { authorization: `Bearer ${WORKER_TOKEN}` } }).catch(() => undefined)
          return hello?.status === 200
        }, { timeoutMs: 60_000, intervalMs: 200 })
      } catch (error) {
        throw new Error(`${(error as Error).message}; its stderr:\n${coordinator.stderr().slice(-3000)}`)
      }
      return coordinator
    }
    try {
      let coordinator = await startCoordinator()
      mkdirSync(join(work.path, 'worker'), { recursive: true })
      const worker = startStudio(['--data-dir', join(work.path, 'worker'), 'worker', '--redis', redis.url, '--server', url, '--token', WORKER_TOKEN, '--name', 'w'])
      processes.push(worker)
      const client = connectClient({ url, token } as RunningServer)
      const { created } = await client.invoke('jobs.add', { sources: [source], settings: SETTINGS })
      client.close()
      const jobId = created[0]!.id
      const checkpointFile = join(dataDir, 'output', 'long-film', `${jobId}.partial`, 'chunks', 'done.json')
      const checkpointed = (): number[] => (existsSync(checkpointFile) ? (JSON.parse(readFileSync(checkpointFile, 'utf8')) as { chunks: Array<{ index: number }> }).chunks.map((c) => c.index) : [])
      await waitUntil('two chunks checkpointed', () => checkpointed().length >= 2, { timeoutMs: 120_000, intervalMs: 100 })
      const before = checkpointed()
      coordinator.crash()
      coordinator.killGroup()
      await coordinator.exited
      const seenBefore = worker.stderr().length

      coordinator = await startCoordinator()
      const stored = (): Job | undefined => (JSON.parse(readFileSync(join(dataDir, 'studio.json'), 'utf8')) as { jobs: Job[] }).jobs.find((j) => j.id === jobId)
      await waitUntil('the job to finish after the restart', () => ['COMPLETED', 'FAILED'].includes(stored()?.status ?? ''), { timeoutMs: 240_000, intervalMs: 250 })
      expect(stored()?.error?.message).toBeUndefined()
      expect(stored()?.status).toBe('COMPLETED')
      const startedAfter = startedWorkIds(worker.stderr().slice(seenBefore)).map(chunkIndex)
      expect(startedAfter.filter((index) => before.includes(index))).toEqual([])
      expect(startedAfter.length).toBeGreaterThan(0)
      const facts = await inspectPackage(stored()!.outputs!.dir, { segmentSeconds: 2 })
      expect(facts.problems).toEqual([])
    } finally {
      await redis.close()
    }
  }, 420_000)
})
