/**
 * Faults with workers on a real redis-server: a worker SIGKILLed mid-chunk (its chunk is
 * taken by another once BullMQ's lock lapses, and the job completes), and a job cancelled
 * while workers encode it (no ffmpeg left on any worker, no chunk job left in Redis), and the
 * studio's queue paused mid-job (no chunk handed out until it resumes).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { EncodeSettingsInput } from '@shared/settings'
import { inspectPackage } from '../../helpers/conformance'
import { makeClip, tempDir } from '../../helpers/media'
import { waitUntil } from '../../helpers/wait'
import { startWorkerLab, workerFfmpegs, type WorkerLab } from '../../helpers/worker-lab'

const work = tempDir('hls-studio-worker-faults-')
const media = join(work.path, 'media')
// 720p chunks of 6 s take a few seconds each here: long enough to be caught mid-chunk.
const SETTINGS: EncodeSettingsInput = { segmentSeconds: 2, ladder: [720, 360], images: false, chunkSeconds: 6 }
let lab: WorkerLab
let source: string

beforeAll(async () => {
  mkdirSync(media)
  source = await makeClip(media, 'long film', { seconds: 25, fps: 25, width: 1280, height: 720 })
  lab = await startWorkerLab(work.path, media)
}, 60_000)
afterEach(() => {
  for (const worker of lab.workers.splice(0)) worker.killGroup()
})
afterAll(async () => {
  await lab?.close()
  work.cleanup()
})

/** The work id a worker logged starting, e.g. job-…-c0-a1. */
function startedWorkIds(stderr: string): string[] {
  return [...stderr.matchAll(/^(\S+-c\d+-a\d+): chunk \d+ of job/gm)].map((m) => m[1]!)
}

describe('worker faults', () => {
  it('a worker killed with SIGKILL mid-chunk has its chunk redone by another', async () => {
    const victim = await lab.startWorker('victim')
    const studio = lab.server.runtime.studio
    const { created } = await studio.jobs.add({ sources: [source], settings: SETTINGS })
    const jobId = created[0]!.id
    await waitUntil('the victim to start a chunk and its ffmpeg', () => startedWorkIds(victim.stderr()).length > 0 && workerFfmpegs().length > 0, { timeoutMs: 60_000 })
    const cut = startedWorkIds(victim.stderr())[0]!
    victim.killGroup()
    await victim.exited
    const survivor = await lab.startWorker('survivor')
    await waitUntil('the job to finish on the survivor', () => ['COMPLETED', 'FAILED'].includes(studio.jobs.get(jobId).status), { timeoutMs: 240_000, intervalMs: 250 })
    const job = studio.jobs.get(jobId)
    expect(job.error?.message).toBeUndefined()
    expect(job.status).toBe('COMPLETED')
    // The chunk cut by the kill was delivered by the survivor, under the same work id.
    expect(survivor.stderr()).toContain(`${cut}: delivered 2 rung files`)
    expect(victim.stderr()).not.toContain(`${cut}: delivered`)
    const facts = await inspectPackage(job.outputs!.dir, { segmentSeconds: 2 })
    expect(facts.problems).toEqual([])
    expect(facts.variants.map((v) => v.segments.length)).toEqual([13, 13])
    expect(await lab.chunkJobsOf(jobId)).toEqual([])
  }, 360_000)

  it('cancelling a job leaves no ffmpeg on any worker and no chunk job in Redis', async () => {
    const a = await lab.startWorker('a')
    const b = await lab.startWorker('b')
    const studio = lab.server.runtime.studio
    const { created } = await studio.jobs.add({ sources: [source], settings: SETTINGS })
    const jobId = created[0]!.id
    await waitUntil('both workers to be encoding a chunk', () => startedWorkIds(a.stderr()).length > 0 && startedWorkIds(b.stderr()).length > 0 && workerFfmpegs().length >= 2, {
      timeoutMs: 60_000
    })
    expect((await lab.chunkJobsOf(jobId)).length).toBeGreaterThan(2)
    await studio.jobs.cancel(jobId)
    await waitUntil('every worker ffmpeg to be gone', () => workerFfmpegs().length === 0, { timeoutMs: 20_000 })
    await waitUntil('no chunk job of the cancelled job in Redis', async () => (await lab.chunkJobsOf(jobId)).length === 0, { timeoutMs: 20_000, intervalMs: 200 })
    expect(studio.jobs.get(jobId).status).toBe('CANCELLED')
    // The workers are still there for the next job.
    expect(a.child.exitCode).toBeNull()
    expect(b.child.exitCode).toBeNull()
  }, 180_000)

  it('pausing the queue stops handing out chunks, and resuming hands them out again', async () => {
    const steady = await lab.startWorker('steady')
    const studio = lab.server.runtime.studio
    const { created } = await studio.jobs.add({ sources: [source], settings: SETTINGS })
    const jobId = created[0]!.id
    await waitUntil('the worker to start its first chunk', () => startedWorkIds(steady.stderr()).length > 0, { timeoutMs: 60_000 })
    await studio.jobs.pause()
    await waitUntil('the chunk queue paused in Redis, the chunk in flight finished, chunks left', async () => {
      const { paused, counts } = await lab.chunkQueue()
      return paused && counts.active === 0 && counts.waiting! + counts.paused! + counts.prioritized! > 0
    }, { timeoutMs: 60_000, intervalMs: 200 })
    const startedWhilePausing = startedWorkIds(steady.stderr())
    const settledAt = Date.now()
    // A heartbeat sent after that: the worker is idle, free to take a chunk, and takes none.
    await waitUntil('a heartbeat from the idle worker', async () => {
      const seen = (await lab.workersSeen()).find((w) => w.name === 'steady')
      return seen !== undefined && Date.parse(seen.seenAt) > settledAt
    }, { timeoutMs: 20_000, intervalMs: 200 })
    expect((await lab.workersSeen()).find((w) => w.name === 'steady')?.active).toEqual([])
    expect(startedWorkIds(steady.stderr())).toEqual(startedWhilePausing)
    expect(studio.jobs.get(jobId).status).toBe('ENCODING')
    expect((await lab.chunkQueue()).counts.active).toBe(0)

    await studio.jobs.resume()
    const job = await lab.finishedJob(jobId)
    expect(job.error?.message).toBeUndefined()
    expect(job.status).toBe('COMPLETED')
    expect(startedWorkIds(steady.stderr()).length).toBeGreaterThan(startedWhilePausing.length)
    expect(job.plan?.chunking?.workers?.every((w) => w.worker === 'steady')).toBe(true)
    expect((await lab.chunkQueue()).paused).toBe(false)
  }, 360_000)
})
