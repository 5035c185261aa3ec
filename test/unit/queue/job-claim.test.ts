/**
 * Jobs are taken through the store's claim, a compare-and-set in one write: two claimers
 * racing never get the same job, and the scheduler runs only what it claimed. Written as a
 * contract over any JobStore, so a shared backend can run the same checks.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Job } from '@shared/job'
import { StudioEventBus } from '../../../src/main/engine/queue/event-bus'
import { JobLogs } from '../../../src/main/engine/queue/job-log'
import { JobRecorder } from '../../../src/main/engine/queue/job-recorder'
import type { JobStore } from '../../../src/main/engine/queue/job-store'
import { LowdbJobStore } from '../../../src/main/engine/queue/lowdb-job-store'
import { Scheduler } from '../../../src/main/engine/queue/scheduler'
import { transition } from '../../../src/main/engine/queue/state-machine'
import { FakeClock } from '../../helpers/fake-clock'
import { tempDir } from '../../helpers/media'
import { jobRecord } from '../../helpers/queue-fixtures'
import { ScriptedWork } from '../../helpers/scripted-work'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function openStore(): Promise<{ store: JobStore; file: string }> {
  const dir = tempDir()
  const file = join(dir.path, 'jobs.json')
  const store = await LowdbJobStore.open(file)
  cleanups.push(() => dir.cleanup(), () => store.close())
  return { store, file }
}

const toProbing = (job: Job): Job => transition(job, 'PROBING', new Date('2025-02-01T00:00:00Z'))

describe('JobStore claims', () => {
  it('never hands the same job to two claimers racing for the queue', async () => {
    const { store, file } = await openStore()
    const queued = Array.from({ length: 25 }, () => jobRecord())
    await store.putJobs([...queued, jobRecord({ status: 'COMPLETED' }), jobRecord({ status: 'FAILED' })])

    const claimer = async (): Promise<string[]> => {
      const got: string[] = []
      for (let job = await store.claimNext(() => true, toProbing); job; job = await store.claimNext(() => true, toProbing)) got.push(job.id)
      return got
    }
    const [a, b] = await Promise.all([claimer(), claimer()])
    // Both really raced: each took some, and together exactly the queued jobs, once each.
    expect(a.length).toBeGreaterThan(0)
    expect(b.length).toBeGreaterThan(0)
    expect(a.filter((id) => b.includes(id))).toEqual([])
    expect([...a, ...b].sort()).toEqual(queued.map((j) => j.id).sort())

    await store.close()
    const reopened = await LowdbJobStore.open(file)
    cleanups.push(() => reopened.close())
    expect(reopened.listJobs().filter((j) => j.status === 'PROBING')).toHaveLength(25)
    expect(reopened.listJobs().filter((j) => j.status === 'QUEUED')).toEqual([])
  })

  it('takes jobs in queue order, only those accepted, and no job that is not queued', async () => {
    const { store } = await openStore()
    const low = jobRecord({ priority: 0 })
    const high = jobRecord({ priority: 3 })
    const other = jobRecord({ priority: 9, source: { kind: 'url', url: 'https://media.example/a.mp4' } })
    const done = jobRecord({ status: 'COMPLETED' })
    await store.putJobs([low, high, other, done])
    const files = (job: Job): boolean => job.source.kind === 'file'
    expect((await store.claimNext(files, toProbing))?.id).toBe(high.id)
    expect(await store.claim(high.id, toProbing)).toBeUndefined()
    expect(await store.claim(done.id, toProbing)).toBeUndefined()
    expect(await store.claim('job-missing', toProbing)).toBeUndefined()
    expect(store.getJob(done.id)?.status).toBe('COMPLETED')
    const claimed = await Promise.all([store.claim(low.id, toProbing), store.claim(low.id, toProbing)])
    expect(claimed.filter(Boolean)).toHaveLength(1)
    expect(await store.claimNext(files, toProbing)).toBeUndefined()
    expect(store.getJob(other.id)?.status).toBe('QUEUED')
  })

  it('the scheduler runs only what its claim got: a job another claimer took is left alone', async () => {
    const { store } = await openStore()
    const dir = tempDir()
    cleanups.push(() => dir.cleanup())
    const clock = new FakeClock()
    const bus = new StudioEventBus(clock)
    const logs = new JobLogs(dir.path)
    cleanups.push(() => logs.flush())
    const recorder = new JobRecorder(store, bus, logs, clock)
    const work = new ScriptedWork()
    const mine = jobRecord({ priority: 1 })
    const taken = jobRecord({ priority: 5 })
    await store.putJobs([mine, taken])
    // Another machine claims `taken` between the scheduler's look at the queue and its claim.
    const claim = store.claim.bind(store)
    store.claim = async (id, step) => {
      if (id === taken.id) await claim(id, (job) => ({ ...toProbing(job), progress: { percent: 0, stage: 'PROBING' } }))
      return claim(id, step)
    }
    const scheduler = new Scheduler({ store, recorder, work, clock, limits: { encode: 2 } })
    cleanups.push(() => scheduler.shutdown())
    scheduler.start()
    await work.whenRunning('encode', mine.id)
    expect(work.calls).toEqual([`encode:${mine.id}`])
    expect(store.getJob(taken.id)?.attempts).toBe(0)
    work.finish('encode', mine.id)
    await scheduler.whenIdle()
    expect(store.getJob(mine.id)?.status).toBe('COMPLETED')
    expect(work.calls).toEqual([`encode:${mine.id}`])
    expect(await logs.read(taken.id)).not.toMatch(/internal error/)
  })
})
