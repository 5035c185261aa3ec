/**
 * serve --redis with no worker anywhere else: the coordinator's own worker takes every chunk
 * from the queue (the default; `--no-local-worker` turns it off), and the package is conformant.
 * /api/health then reports Redis (and the coordinator among the workers), /metrics the chunks.
 */
import { mkdirSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inspectPackage } from '../../helpers/conformance'
import { makeClip, tempDir } from '../../helpers/media'
import { waitUntil } from '../../helpers/wait'
import { startWorkerLab, type WorkerLab } from '../../helpers/worker-lab'

const work = tempDir('hls-studio-local-worker-')
const media = join(work.path, 'media')
let lab: WorkerLab

beforeAll(async () => {
  mkdirSync(media)
  lab = await startWorkerLab(work.path, media, { localWorker: true })
}, 60_000)
afterAll(async () => {
  await lab?.close()
  work.cleanup()
})

describe('the coordinator as a worker', () => {
  it('encodes every chunk itself when no other worker is there', async () => {
    const source = await makeClip(media, 'alone', { seconds: 13, fps: 25 })
    const studio = lab.server.runtime.studio
    const { created } = await studio.jobs.add({ sources: [source], settings: { segmentSeconds: 2, ladder: [240, 144], images: false, chunkSeconds: 4 } })
    const jobId = created[0]!.id
    await waitUntil('the job to finish', () => ['COMPLETED', 'FAILED'].includes(studio.jobs.get(jobId).status), { timeoutMs: 180_000, intervalMs: 250 })
    const job = studio.jobs.get(jobId)
    expect(job.error?.message).toBeUndefined()
    expect(job.plan?.chunking?.chunkCount).toBe(3)
    expect((await inspectPackage(job.outputs!.dir, { segmentSeconds: 2 })).problems).toEqual([])
    expect(await lab.chunkJobsOf(jobId)).toEqual([])

    const health = (await (await fetch(`${lab.server.url}/api/health`, { headers: { authorization: `Bearer ${lab.server.token}` } })).json()) as {
      workers?: { redis: { ok: boolean; detail: string }; seen: Array<{ name: string; protocol: number }> }
    }
    expect(health.workers?.redis.ok).toBe(true)
    expect(health.workers?.redis.detail).toContain(`127.0.0.1:${lab.redis.port}`)
    expect(health.workers?.seen.map((w) => w.name)).toEqual([expect.stringMatching(/\(coordinator\)$/)])

    const metrics = await (await fetch(`${lab.server.url}/metrics`, { headers: { authorization: `Bearer ${lab.server.token}` } })).text()
    expect(metrics).toMatch(/^hls_studio_chunk_seconds_count 3$/m)
    expect(metrics).toMatch(/^hls_studio_chunk_queue_jobs\{state="waiting"\} 0$/m)
    expect(metrics).toMatch(/^hls_studio_chunk_failures_total 0$/m)

    await lab.redis.stop()
    const down = await fetch(`${lab.server.url}/api/health`, { headers: { authorization: `Bearer ${lab.server.token}` } })
    expect(down.status).toBe(503)
    const report = (await down.json()) as { workers?: { redis: { ok: boolean; detail: string } } }
    expect(report.workers?.redis).toMatchObject({ ok: false, detail: expect.stringMatching(/does not answer/) })
  }, 240_000)
})

describe('cancel with Redis away', () => {
  it('cancels at once and stops the coordinator’s own ffmpeg, though no cancel mark can reach Redis', async () => {
    await lab.redis.restart()
    const source = await makeClip(media, 'cut off', { seconds: 25, fps: 25, width: 1280, height: 720 })
    const studio = lab.server.runtime.studio
    const { created } = await studio.jobs.add({ sources: [source], settings: { segmentSeconds: 2, ladder: [720, 360], images: false, chunkSeconds: 6 } })
    const jobId = created[0]!.id
    await waitUntil('the coordinator to encode a chunk', () => (studio.jobs.get(jobId).progress?.totalChunks ?? 0) > 0 && coordinatorFfmpegs().length > 0, { timeoutMs: 90_000, intervalMs: 100 })
    await lab.redis.stop()
    await studio.jobs.cancel(jobId)
    await waitUntil('the job to be cancelled', () => studio.jobs.get(jobId).status === 'CANCELLED', { timeoutMs: 20_000 })
    await waitUntil('the coordinator’s chunk ffmpeg to be gone', () => coordinatorFfmpegs().length === 0, { timeoutMs: 20_000 })
  }, 180_000)
})

/** ffmpeg children encoding chunks inside a partial folder of this coordinator. */
function coordinatorFfmpegs(): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/exe`).endsWith('ffmpeg') && readlinkSync(`/proc/${pid}/cwd`).startsWith(work.path) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chunks/c')
    } catch {
      return false
    }
  }).map(Number)
}
