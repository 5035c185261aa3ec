// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { connectStudio, type StudioConnection } from '../../src/renderer/src/stores/connect-studio'
import { useJobsStore } from '../../src/renderer/src/stores/jobs-store'
import { useJobLogStore } from '../../src/renderer/src/stores/job-log-store'
import { useLibraryStore } from '../../src/renderer/src/stores/library-store'
import { jobActions } from '../../src/renderer/src/stores/job-actions'
import { useNoticesStore } from '../../src/renderer/src/stores/notices-store'
import { StudioError } from '@shared/errors'
import { later, makeJob, makeQueue } from './job-fixtures'
import { StudioTestClient } from './studio-test-client'

function baseClient(jobs = [makeJob()]): StudioTestClient {
  return new StudioTestClient()
    .handle('jobs.list', () => jobs)
    .handle('queue.get', () => makeQueue({ order: jobs.filter((j) => j.status === 'QUEUED').map((j) => j.id) }))
    .handle('batches.list', () => [])
    .handle('app.info', () => ({ version: '0.1.0', mode: 'server', platform: 'linux', dataDir: '/d', outputDir: '/o', ffmpeg: { path: '/ff', source: 'bundled', version: '4.1' }, ffprobe: { path: '/fp', source: 'bundled' }, secretStorage: 'file-0600', canUseLocalPaths: false }))
    .handle('settings.get', () => ({ outputDir: '/o', concurrency: 1, encode: makeJob().settings, ffmpeg: { mode: 'bundled' } }))
    .handle('targets.list', () => [])
}

let connection: StudioConnection | undefined

beforeEach(() => {
  vi.useFakeTimers()
  useJobsStore.setState({ jobs: {}, queue: undefined, loaded: false, batchLabels: {}, layoutEpoch: 0 })
})

afterEach(() => {
  connection?.disconnect()
  connection = undefined
  vi.useRealTimers()
})

describe('stores fed by the event stream', () => {
  it('loads the job list and queue, then follows created, updated and removed events without asking again', async () => {
    const first = makeJob({ title: 'First' })
    const client = baseClient([first])
    connection = connectStudio(client)
    await connection.ready
    expect(useJobsStore.getState().jobs[first.id]?.title).toBe('First')
    expect(useJobsStore.getState().queue?.order).toEqual([first.id])

    const second = makeJob({ title: 'Second' })
    client.emit({ type: 'job-created', job: second })
    client.emit({ type: 'job-updated', job: later(first, { status: 'ENCODING', progress: { percent: 40, stage: 'ENCODING' } }) })
    await vi.advanceTimersByTimeAsync(60)
    expect(Object.keys(useJobsStore.getState().jobs)).toHaveLength(2)
    expect(useJobsStore.getState().jobs[first.id]?.progress.percent).toBe(40)

    client.emit({ type: 'job-removed', jobId: second.id })
    await vi.advanceTimersByTimeAsync(60)
    expect(useJobsStore.getState().jobs[second.id]).toBeUndefined()
    // One list request at start; every later change came from events, never from polling.
    expect(client.callsOf('jobs.list')).toHaveLength(1)
  })

  it('applies a burst of progress ticks as one store update, and only a status change re-lays the list', async () => {
    const job = makeJob({ status: 'ENCODING' })
    const client = baseClient([job])
    connection = connectStudio(client)
    await connection.ready
    const epoch = useJobsStore.getState().layoutEpoch
    const updates = vi.fn()
    const off = useJobsStore.subscribe(updates)

    let current = job
    for (let i = 1; i <= 10; i++) {
      current = later(current, { progress: { percent: i * 5, stage: 'ENCODING' } })
      client.emit({ type: 'job-updated', job: current })
    }
    await vi.advanceTimersByTimeAsync(60)
    expect(updates).toHaveBeenCalledTimes(1)
    expect(useJobsStore.getState().jobs[job.id]?.progress.percent).toBe(50)
    expect(useJobsStore.getState().layoutEpoch).toBe(epoch)

    client.emit({ type: 'job-completed', job: later(current, { status: 'COMPLETED' }) })
    await vi.advanceTimersByTimeAsync(60)
    expect(useJobsStore.getState().layoutEpoch).toBe(epoch + 1)
    off()
  })

  it('ignores an update older than what the store already has', () => {
    const job = makeJob({ status: 'COMPLETED' })
    useJobsStore.getState().applyJobChanges(new Map([[job.id, job]]))
    const stale = { ...job, status: 'ENCODING' as const, updatedAt: new Date(Date.parse(job.updatedAt) - 5000).toISOString() }
    useJobsStore.getState().applyJobChanges(new Map([[job.id, stale]]))
    expect(useJobsStore.getState().jobs[job.id]?.status).toBe('COMPLETED')
  })

  it('learns the label of a batch it has not seen from batches.list', async () => {
    const client = baseClient([])
    let batches: Array<{ batchId: string; label: string }> = []
    client.handle('batches.list', () => batches.map((b) => ({ ...b, total: 1, completed: 0, failed: 0, cancelled: 0, active: 0, queued: 1, finished: 0, summary: '0 of 1' })))
    connection = connectStudio(client)
    await connection.ready
    batches = [{ batchId: 'batch-1', label: 'Season 2' }]
    client.emit({ type: 'job-created', job: makeJob({ batchId: 'batch-1' }) })
    await vi.advanceTimersByTimeAsync(60)
    expect(useJobsStore.getState().batchLabels['batch-1']).toBe('Season 2')
  })

  it('refreshes the library when a job completes, once it has been opened', async () => {
    const client = baseClient([])
    let listed = 0
    client.handle('library.list', () => {
      listed += 1
      return []
    })
    connection = connectStudio(client)
    await connection.ready
    await useLibraryStore.getState().refresh()
    expect(listed).toBe(1)
    client.emit({ type: 'job-completed', job: makeJob({ status: 'COMPLETED' }) })
    await vi.advanceTimersByTimeAsync(10)
    expect(listed).toBe(2)
  })

  it('streams log lines of the open job after its tail, and ignores other jobs', async () => {
    const job = makeJob()
    const client = baseClient([job]).handle('jobs.log', () => ['2026-01-01T12:00:00.000Z [info] ffmpeg -i in.mp4', 'a line written without a stamp'])
    connection = connectStudio(client)
    await connection.ready
    await useJobLogStore.getState().open(job.id)
    client.emit({ type: 'job-log', log: { jobId: job.id, at: '2026-01-01T12:00:01.000Z', level: 'info', line: 'frame=  20' } })
    client.emit({ type: 'job-log', log: { jobId: 'job-other', at: '2026-01-01T12:00:01.000Z', level: 'info', line: 'not mine' } })
    client.emit({ type: 'job-log', log: { jobId: job.id, at: '2026-01-01T12:00:02.000Z', level: 'warn', line: 'fell back to libx264' } })
    const lines = useJobLogStore.getState().lines
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatch(/^\d\d:\d\d:00  ffmpeg -i in\.mp4$/)
    expect(lines[1]).toBe('a line written without a stamp')
    expect(lines[2]).toMatch(/^\d\d:\d\d:01  frame= {2}20$/)
    expect(lines[3]).toMatch(/^\d\d:\d\d:02  WARN  fell back to libx264$/)
  })

  it('shows a move at once, keeps the engine’s answer, and puts the order back with a readable notice when refused', async () => {
    const [a, b, c] = [makeJob(), makeJob(), makeJob()]
    const client = baseClient([a!, b!, c!])
    connection = connectStudio(client)
    await connection.ready
    client.handle('jobs.move', ({ id, toIndex }) => {
      if (id === c!.id) throw new StudioError('INVALID_TRANSITION', 'Only queued jobs can be reordered.')
      return makeQueue({ order: [b!.id, a!.id, c!.id], paused: false })
    })
    const moving = jobActions.move(a!.id, 1)
    expect(useJobsStore.getState().queue?.order).toEqual([b!.id, a!.id, c!.id])
    await moving
    expect(client.callsOf('jobs.move')).toEqual([{ id: a!.id, toIndex: 1 }])

    await jobActions.move(c!.id, 0)
    expect(useJobsStore.getState().queue?.order).toEqual([b!.id, a!.id, c!.id])
    expect(useNoticesStore.getState().notices.at(-1)).toMatchObject({ tone: 'error', text: 'Only queued jobs can be reordered.' })
  })

  it('unsubscribes from every event when disconnected', async () => {
    const client = baseClient([])
    connection = connectStudio(client)
    await connection.ready
    expect(client.listenerCount()).toBe(8)
    connection.disconnect()
    connection = undefined
    expect(client.listenerCount()).toBe(0)
  })
})
