import { describe, expect, it } from 'vitest'
import type { StudioEvent } from '@shared/events'
import { StudioEventBus } from '../../../src/main/engine/queue/event-bus'
import { FakeClock } from '../../helpers/fake-clock'
import { jobRecord } from '../../helpers/queue-fixtures'

describe('studio event bus', () => {
  it('sends at most ten progress updates a second per job, always ending with the latest', () => {
    const clock = new FakeClock()
    const bus = new StudioEventBus(clock, 100)
    const got: Array<{ at: number; percent: number }> = []
    bus.subscribe((e) => {
      if (e.type === 'job-updated') got.push({ at: clock.now(), percent: e.job.progress.percent })
    })
    const job = jobRecord({ status: 'ENCODING' })
    // 1000 updates over 2 seconds, one every 2 ms.
    for (let i = 1; i <= 1000; i++) {
      bus.jobProgressed({ ...job, progress: { percent: i / 10, stage: 'ENCODING' } })
      clock.advance(2)
    }
    clock.advance(1000)
    expect(got.length).toBeGreaterThanOrEqual(19)
    expect(got.length).toBeLessThanOrEqual(21)
    for (let i = 1; i < got.length; i++) expect(got[i]!.at - got[i - 1]!.at).toBeGreaterThanOrEqual(100)
    expect(got.at(-1)!.percent).toBe(100)
  })

  it('never holds back or drops a state change, and a state change supersedes held progress', () => {
    const clock = new FakeClock()
    const bus = new StudioEventBus(clock, 100)
    const got: string[] = []
    bus.subscribe((e) => {
      if (e.type === 'job-updated' || e.type === 'job-completed') got.push(`${e.type}:${e.job.status}:${e.job.progress.percent}`)
    })
    const job = jobRecord({ status: 'PROBING' })
    bus.jobChanged(job)
    bus.jobProgressed({ ...job, status: 'ENCODING', progress: { percent: 10, stage: 'ENCODING' } })
    bus.jobChanged({ ...job, status: 'ENCODING', progress: { percent: 11, stage: 'ENCODING' } })
    bus.emit({ type: 'job-completed', job: { ...job, status: 'COMPLETED', progress: { percent: 100, stage: 'COMPLETED' } } })
    clock.advance(1000)
    expect(got).toEqual(['job-updated:PROBING:0', 'job-updated:ENCODING:11', 'job-completed:COMPLETED:100'])
  })

  it('coalesces per job: one busy job does not delay another', () => {
    const clock = new FakeClock()
    const bus = new StudioEventBus(clock, 100)
    const got: string[] = []
    bus.subscribe((e) => {
      if (e.type === 'job-updated') got.push(`${e.job.id}:${e.job.progress.percent}`)
    })
    const a = jobRecord({ id: 'job-a', status: 'ENCODING' })
    const b = jobRecord({ id: 'job-b', status: 'UPLOADING' })
    bus.jobProgressed({ ...a, progress: { percent: 1, stage: 'ENCODING' } })
    bus.jobProgressed({ ...a, progress: { percent: 2, stage: 'ENCODING' } })
    bus.jobProgressed({ ...b, progress: { percent: 5, stage: 'UPLOADING' } })
    expect(got).toEqual(['job-a:1', 'job-b:5'])
    clock.advance(100)
    expect(got).toEqual(['job-a:1', 'job-b:5', 'job-a:2'])
  })

  it('gives each listener its own copy, survives a throwing listener, and unsubscribes', () => {
    const bus = new StudioEventBus(new FakeClock())
    const first: StudioEvent[] = []
    const second: StudioEvent[] = []
    bus.subscribe((e) => {
      first.push(e)
      if (e.type === 'job-created') e.job.title = 'mutated by a listener'
    })
    bus.subscribe(() => {
      throw new Error('broken window')
    })
    const unsubscribe = bus.subscribe((e) => second.push(e))
    const job = jobRecord({ title: 'original' })
    bus.emit({ type: 'job-created', job })
    expect(second).toHaveLength(1)
    expect(second[0]).toMatchObject({ type: 'job-created', job: { title: 'original' } })
    expect(job.title).toBe('original')
    unsubscribe()
    bus.emit({ type: 'job-removed', jobId: job.id })
    expect(first).toHaveLength(2)
    expect(second).toHaveLength(1)
  })
})
