import { describe, expect, it } from 'vitest'
import { JOB_STATUSES, type Job, type JobStatus } from '@shared/job'
import { StudioError } from '@shared/errors'
import { jobRecord } from '../../helpers/queue-fixtures'
import { canTransition, transition } from '../../../src/main/engine/queue/state-machine'

function job(status: JobStatus, extra: Partial<Job> = {}): Job {
  return jobRecord({ id: 'job-1', status, ...extra })
}

const at = new Date('2025-01-02T03:04:05.000Z')

describe('job state machine', () => {
  it('walks the happy paths of a file job, a URL job and a publishing job', () => {
    const paths: JobStatus[][] = [
      ['QUEUED', 'PROBING', 'ENCODING', 'COMPLETED'],
      ['QUEUED', 'DOWNLOADING', 'PROBING', 'ENCODING', 'UPLOADING', 'COMPLETED'],
      ['QUEUED', 'DOWNLOADING', 'QUEUED', 'PROBING', 'ENCODING', 'QUEUED', 'UPLOADING', 'COMPLETED']
    ]
    for (const path of paths) {
      let current = job(path[0]!)
      for (const next of path.slice(1)) current = transition(current, next, at)
      expect(current.status).toBe('COMPLETED')
      expect(current.progress).toMatchObject({ percent: 100, stage: 'COMPLETED' })
      expect(current.finishedAt).toBe(at.toISOString())
    }
  })

  it('throws INVALID_TRANSITION for moves that make no sense, naming both states', () => {
    const invalid: Array<[JobStatus, JobStatus]> = [
      ['QUEUED', 'COMPLETED'],
      ['QUEUED', 'ENCODING'],
      ['PROBING', 'UPLOADING'],
      ['DOWNLOADING', 'COMPLETED'],
      ['COMPLETED', 'QUEUED'],
      ['CANCELLED', 'ENCODING'],
      ['FAILED', 'UPLOADING'],
      ['ENCODING', 'DOWNLOADING']
    ]
    for (const [from, to] of invalid) {
      expect(canTransition(from, to)).toBe(false)
      let thrown: unknown
      try {
        transition(job(from), to, at)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(StudioError)
      expect(thrown).toMatchObject({ code: 'INVALID_TRANSITION', message: `Job job-1 cannot go from ${from} to ${to}.` })
    }
  })

  it('lets every unfinished state be cancelled and every active state fail or go back to the queue', () => {
    for (const status of JOB_STATUSES) {
      const ended = status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELLED'
      expect(canTransition(status, 'CANCELLED')).toBe(!ended)
    }
    for (const status of ['DOWNLOADING', 'PROBING', 'ENCODING', 'UPLOADING'] as const) {
      expect(canTransition(status, 'FAILED')).toBe(true)
      expect(canTransition(status, 'QUEUED')).toBe(true)
    }
    expect(canTransition('FAILED', 'QUEUED')).toBe(true)
    expect(canTransition('CANCELLED', 'QUEUED')).toBe(true)
  })

  it('lets a failed or cancelled job with a kept package complete when it is published by hand', () => {
    expect(canTransition('FAILED', 'COMPLETED')).toBe(true)
    expect(canTransition('CANCELLED', 'COMPLETED')).toBe(true)
    expect(transition(job('FAILED'), 'COMPLETED', at)).toMatchObject({ status: 'COMPLETED', finishedAt: at.toISOString() })
  })

  it('stamps times and clears what no longer applies', () => {
    const failed = transition(job('ENCODING', { startedAt: '2025-01-01T00:00:01.000Z' }), 'FAILED', at)
    const withError = { ...failed, error: { code: 'TIMEOUT' as const, message: 'slow' } }
    const requeued = transition(withError, 'QUEUED', at)
    expect(requeued.finishedAt).toBeUndefined()
    expect(requeued.error).toEqual({ code: 'TIMEOUT', message: 'slow' })
    const running = transition({ ...requeued, retryAt: '2025-01-02T00:00:00.000Z' }, 'PROBING', at)
    expect(running.error).toBeUndefined()
    expect(running.retryAt).toBeUndefined()
    expect(running.startedAt).toBe('2025-01-01T00:00:01.000Z')
    expect(transition(job('QUEUED'), 'PROBING', at).startedAt).toBe(at.toISOString())
  })

  it('leaves the job it was given untouched', () => {
    const before = job('QUEUED')
    const copy = structuredClone(before)
    transition(before, 'PROBING', at)
    expect(before).toEqual(copy)
  })
})
