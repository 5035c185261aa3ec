import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { StudioEvent } from '@shared/events'
import type { JobStatus } from '@shared/job'
import { openStudio, type Studio, type StudioConfig } from '../../../src/main/engine/studio'
import { FakeClock } from '../../helpers/fake-clock'
import { tempDir } from '../../helpers/media'
import { placeholderMedia, reaches, ScriptedWork } from '../../helpers/scripted-work'

const open: Array<{ studio: Studio; cleanup: () => void }> = []
afterEach(async () => {
  for (const { studio, cleanup } of open.splice(0)) {
    await studio.shutdown()
    cleanup()
  }
})

async function harness(config: Partial<StudioConfig> = {}) {
  const dir = tempDir()
  const clock = new FakeClock()
  const work = new ScriptedWork()
  const studio = await openStudio({ dataDir: join(dir.path, 'data'), outputDir: join(dir.path, 'out'), cwd: dir.path, clock, work, ...config })
  open.push({ studio, cleanup: dir.cleanup })
  const events: StudioEvent[] = []
  studio.subscribe((e) => events.push(e))
  const add = async (name: string, extra: { priority?: number; target?: string; url?: boolean } = {}) => {
    const source = extra.url ? `https://media.example/${name}.mp4` : placeholderMedia(join(dir.path, `${name}.mp4`))
    const result = await studio.jobs.add({ sources: [source], settings: { ladder: [240] }, priority: extra.priority, target: extra.target })
    return result.created[0]!.id
  }
  const status = (id: string): JobStatus => studio.jobs.get(id).status
  return { studio, clock, work, events, add, status, dir }
}

describe('scheduler', () => {
  it('takes jobs one encode at a time, highest priority first, then in the order added', async () => {
    const { studio, work, add, status } = await harness()
    const a = await add('a')
    const b = await add('b')
    const urgent = await add('urgent', { priority: 5 })
    let encoding = reaches(studio, urgent, 'ENCODING')
    studio.start({ watchFolders: false, controlRequests: false })
    await encoding
    expect(work.running()).toEqual([`encode:${urgent}`])
    expect([status(a), status(b)]).toEqual(['QUEUED', 'QUEUED'])

    encoding = reaches(studio, a, 'ENCODING')
    work.finish('encode', urgent)
    await encoding
    expect(status(urgent)).toBe('COMPLETED')
    expect(work.running()).toEqual([`encode:${a}`])

    encoding = reaches(studio, b, 'ENCODING')
    work.finish('encode', a)
    await encoding
    work.finish('encode', b)
    await studio.whenIdle()
    expect(work.calls).toEqual([`encode:${urgent}`, `encode:${a}`, `encode:${b}`])
  })

  it('runs as many encodes at once as the concurrency allows, and no more', async () => {
    const { studio, work, add, status } = await harness({ concurrency: 2 })
    const ids = [await add('a'), await add('b'), await add('c')]
    const both = Promise.all([reaches(studio, ids[0]!, 'ENCODING'), reaches(studio, ids[1]!, 'ENCODING')])
    studio.start({ watchFolders: false, controlRequests: false })
    await both
    expect(work.running('encode')).toHaveLength(2)
    expect(status(ids[2]!)).toBe('QUEUED')
    const third = reaches(studio, ids[2]!, 'ENCODING')
    work.finish('encode', ids[1]!)
    await third
    expect(work.running('encode').sort()).toEqual([`encode:${ids[0]}`, `encode:${ids[2]}`].sort())
  })

  it('a manual reorder changes which job runs next', async () => {
    const { studio, work, add } = await harness()
    const a = await add('a')
    const b = await add('b')
    const c = await add('c')
    const state = await studio.jobs.move(c, 0)
    expect(state.order).toEqual([c, a, b])
    await studio.jobs.move(a, 2)
    expect(studio.jobs.state().order).toEqual([c, b, a])
    const first = reaches(studio, c, 'ENCODING')
    studio.start({ watchFolders: false, controlRequests: false })
    await first
    expect(work.running()).toEqual([`encode:${c}`])
  })

  it('pausing lets the running job finish but starts nothing new until resumed', async () => {
    const { studio, work, add, status, events } = await harness()
    const a = await add('a')
    const b = await add('b')
    const encoding = reaches(studio, a, 'ENCODING')
    studio.start({ watchFolders: false, controlRequests: false })
    await encoding
    const paused = await studio.jobs.pause()
    expect(paused.paused).toBe(true)
    expect(events.filter((e) => e.type === 'queue-changed').at(-1)).toMatchObject({ queue: { paused: true } })
    work.finish('encode', a)
    await studio.whenIdle()
    expect(status(a)).toBe('COMPLETED')
    expect(status(b)).toBe('QUEUED')
    expect(work.calls).toEqual([`encode:${a}`])
    const resumed = reaches(studio, b, 'ENCODING')
    await studio.jobs.resume()
    await resumed
    expect(work.running()).toEqual([`encode:${b}`])
  })

  it('uploads a finished job while the next one encodes', async () => {
    const { studio, work, add, status } = await harness()
    const a = await add('a', { target: 'lab' })
    const b = await add('b', { target: 'lab' })
    const first = reaches(studio, a, 'ENCODING')
    studio.start({ watchFolders: false, controlRequests: false })
    await first
    const overlap = Promise.all([work.whenRunning('upload', a), work.whenRunning('encode', b)])
    work.finish('encode', a)
    await overlap
    expect(work.running().sort()).toEqual([`encode:${b}`, `upload:${a}`].sort())
    const done = reaches(studio, a, 'COMPLETED')
    work.finish('upload', a)
    const completed = await done
    expect(completed).toMatchObject({ type: 'job-completed', job: { outputs: { published: { masterPlaylistUrl: `https://cdn.example/${a}/master.m3u8` } } } })
    expect(status(b)).toBe('ENCODING')
  })

  it('downloads the next URL while the current one encodes, but only one ahead', async () => {
    const { studio, work, add, status } = await harness()
    const [a, b, c] = [await add('a', { url: true }), await add('b', { url: true }), await add('c', { url: true })]
    const downloading = work.whenRunning('download', a)
    studio.start({ watchFolders: false, controlRequests: false })
    await downloading
    const next = Promise.all([work.whenRunning('encode', a), work.whenRunning('download', b)])
    work.finish('download', a)
    await next
    expect(work.running().sort()).toEqual([`download:${b}`, `encode:${a}`].sort())
    const waiting = reaches(studio, b, 'QUEUED')
    work.finish('download', b)
    await waiting
    expect(studio.jobs.get(b).downloadedPath).toBe(`/work/${b}/source.mp4`)
    expect(status(c)).toBe('QUEUED')
    expect(work.running()).toEqual([`encode:${a}`])
    // The encode of a frees the encoder for b, whose download was ready; the download is then discarded.
    const bEncodes = Promise.all([work.whenRunning('encode', b), work.whenRunning('download', c)])
    work.finish('encode', a)
    await bEncodes
    expect(work.discarded).toContain(`download:${a}`)
    expect(work.running().sort()).toEqual([`download:${c}`, `encode:${b}`].sort())
  })

  it('retries a transient failure with exponential backoff, 3 attempts in all, then fails', async () => {
    const { studio, work, add, clock, events } = await harness()
    const id = await add('flaky')
    let started = reaches(studio, id, 'ENCODING')
    studio.start({ watchFolders: false, controlRequests: false })
    await started

    let requeued = reaches(studio, id, 'QUEUED')
    work.fail('encode', id, 'TIMEOUT', 'ffmpeg made no progress for 180 s')
    await requeued
    let job = studio.jobs.get(id)
    expect(job.attempts).toBe(1)
    expect(job.error).toEqual({ code: 'TIMEOUT', message: 'ffmpeg made no progress for 180 s' })
    expect(Date.parse(job.retryAt!) - clock.now()).toBe(10_000)
    clock.advance(9_999)
    expect(work.calls).toHaveLength(1)

    started = reaches(studio, id, 'ENCODING')
    clock.advance(1)
    await started
    expect(work.calls).toHaveLength(2)
    expect(studio.jobs.get(id).attempts).toBe(2)

    requeued = reaches(studio, id, 'QUEUED')
    work.fail('encode', id, 'TIMEOUT')
    await requeued
    expect(Date.parse(studio.jobs.get(id).retryAt!) - clock.now()).toBe(20_000)
    clock.advance(19_999)
    expect(work.calls).toHaveLength(2)
    started = reaches(studio, id, 'ENCODING')
    clock.advance(1)
    await started

    const failed = reaches(studio, id, 'FAILED')
    work.fail('encode', id, 'TIMEOUT', 'third time')
    await failed
    job = studio.jobs.get(id)
    expect(job).toMatchObject({ status: 'FAILED', attempts: 3, error: { code: 'TIMEOUT', message: 'third time' } })
    expect(job.retryAt).toBeUndefined()
    expect(clock.pending().filter((ms) => ms >= 1000)).toEqual([])
    expect(events.filter((e) => e.type === 'job-failed')).toHaveLength(1)
  })

  it('fails a non-transient error at once, and a retry by hand starts over', async () => {
    const { studio, work, add } = await harness()
    const id = await add('notes')
    const started = reaches(studio, id, 'ENCODING')
    studio.start({ watchFolders: false, controlRequests: false })
    await started
    const failed = reaches(studio, id, 'FAILED')
    work.fail('encode', id, 'NOT_MEDIA', 'This file is not a video or audio file ffmpeg can read (notes.mp4).')
    await failed
    expect(studio.jobs.get(id)).toMatchObject({ status: 'FAILED', attempts: 1, error: { code: 'NOT_MEDIA' } })
    expect(work.calls).toEqual([`encode:${id}`])

    const again = reaches(studio, id, 'ENCODING')
    const retried = await studio.jobs.retry(id)
    expect(retried).toMatchObject({ status: 'QUEUED', attempts: 0 })
    expect(retried.error).toBeUndefined()
    await again
    expect(studio.jobs.get(id).attempts).toBe(1)
    await expect(studio.jobs.retry(id)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' })
  })

  it('a failed upload keeps the package; retrying it uploads without encoding again', async () => {
    const { studio, work, add } = await harness()
    const id = await add('episode', { target: 'lab' })
    const encoding = work.whenRunning('encode', id)
    studio.start({ watchFolders: false, controlRequests: false })
    await encoding
    const uploading = work.whenRunning('upload', id)
    work.finish('encode', id)
    await uploading
    const failed = reaches(studio, id, 'FAILED')
    work.fail('upload', id, 'STORAGE_CREDENTIALS', 'The access key was refused.')
    await failed
    expect(studio.jobs.get(id).outputs?.dir).toBe(join('/out', id))
    expect(work.discarded).not.toContain(`output:${id}`)

    const again = work.whenRunning('upload', id)
    await studio.jobs.retryUpload(id)
    await again
    work.finish('upload', id)
    await studio.whenIdle()
    expect(studio.jobs.get(id).status).toBe('COMPLETED')
    expect(work.calls).toEqual([`encode:${id}`, `upload:${id}`, `upload:${id}`])
  })

  it('cancel stops the running work, removes its partial output, and the next job starts', async () => {
    const { studio, work, add, events } = await harness()
    const a = await add('a')
    const b = await add('b')
    const started = reaches(studio, a, 'ENCODING')
    studio.start({ watchFolders: false, controlRequests: false })
    await started
    const next = reaches(studio, b, 'ENCODING')
    const cancelled = await studio.jobs.cancel(a)
    expect(cancelled.status).toBe('CANCELLED')
    expect(work.discarded).toContain(`output:${a}`)
    expect(events.find((e) => e.type === 'job-cancelled')).toMatchObject({ job: { id: a } })
    await next
    // Cancelling a queued job needs no work at all.
    const c = await add('c')
    expect((await studio.jobs.cancel(c)).status).toBe('CANCELLED')
    await expect(studio.jobs.cancel(c)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' })
    expect(work.calls).not.toContain(`encode:${c}`)
  })

  it('shutdown stops running jobs and leaves them queued for the next start', async () => {
    const { studio, work, add } = await harness()
    const a = await add('a')
    const started = reaches(studio, a, 'ENCODING')
    studio.start({ watchFolders: false, controlRequests: false })
    await started
    await studio.shutdown()
    expect(studio.jobs.get(a).status).toBe('QUEUED')
    expect(work.running()).toEqual([])
    expect(work.discarded).toContain(`output:${a}`)
  })

  it('removes a job, stopping it first, and a raised priority jumps the line', async () => {
    const { studio, work, add, events } = await harness()
    const a = await add('a')
    const b = await add('b')
    const c = await add('c')
    const started = work.whenRunning('encode', a)
    studio.start({ watchFolders: false, controlRequests: false })
    await started
    const raised = await studio.jobs.setPriority(c, 10)
    expect(raised.priority).toBe(10)
    expect(studio.jobs.state().order).toEqual([c, b])
    const next = work.whenRunning('encode', c)
    await studio.jobs.remove(a)
    await next
    expect(studio.jobs.list().map((j) => j.id)).not.toContain(a)
    expect(events.filter((e) => e.type === 'job-removed')).toEqual([{ type: 'job-removed', jobId: a }])
    expect(work.discarded).toContain(`output:${a}`)
    expect(() => studio.jobs.get(a)).toThrow(`No job ${a}.`)
    await expect(studio.jobs.setPriority(b, 1000)).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('does not queue the same source with the same settings twice unless forced', async () => {
    const { studio, dir } = await harness()
    const sources = [placeholderMedia(join(dir.path, 'a.mp4'))]
    const first = await studio.jobs.add({ sources, settings: { ladder: [240] } })
    const second = await studio.jobs.add({ sources, settings: { ladder: [240] } })
    expect(second.created).toEqual([])
    expect(second.duplicates.map((j) => j.id)).toEqual([first.created[0]!.id])
    const other = await studio.jobs.add({ sources, settings: { ladder: [360] } })
    expect(other.created).toHaveLength(1)
    const forced = await studio.jobs.add({ sources, settings: { ladder: [240] }, force: true })
    expect(forced.created).toHaveLength(1)
    await studio.jobs.cancel(first.created[0]!.id)
    await studio.jobs.cancel(forced.created[0]!.id)
    // Once the earlier job has ended, the same drop is a new job again.
    expect((await studio.jobs.add({ sources, settings: { ladder: [240] } })).created).toHaveLength(1)
  })

  it('announces every state change on the event stream, in order', async () => {
    const { studio, work, add, events } = await harness()
    const id = await add('a', { target: 'lab' })
    const encoding = work.whenRunning('encode', id)
    studio.start({ watchFolders: false, controlRequests: false })
    await encoding
    work.progress('encode', id, 0.5)
    const uploading = work.whenRunning('upload', id)
    work.finish('encode', id)
    await uploading
    work.finish('upload', id)
    await studio.whenIdle()
    const statuses = events.filter((e): e is Extract<StudioEvent, { job: unknown }> => 'job' in e && e.job.id === id).map((e) => e.job.status)
    const changes = statuses.filter((s, i) => s !== statuses[i - 1])
    expect(changes).toEqual(['QUEUED', 'PROBING', 'ENCODING', 'UPLOADING', 'COMPLETED'])
    const log = await studio.jobs.readLog(id)
    expect(log).toMatch(/QUEUED → PROBING[\s\S]*PROBING → ENCODING[\s\S]*ENCODING → UPLOADING[\s\S]*UPLOADING → COMPLETED/)
  })

  it('never reports a lower percent within one run of a stage, even when the stage itself dips', async () => {
    const { studio, work, add } = await harness()
    const id = await add('a')
    const encoding = work.whenRunning('encode', id)
    studio.start({ watchFolders: false, controlRequests: false })
    await encoding
    const seen: number[] = []
    for (const fraction of [0.021, 0, 0.046, 0.3, 0.1, 0.6]) {
      work.progress('encode', id, fraction)
      seen.push(studio.jobs.get(id).progress.percent)
    }
    expect(seen).toHaveLength(6)
    expect(seen.every((p, i) => i === 0 || p >= seen[i - 1]!)).toBe(true)
    expect(seen[1]).toBe(seen[0])
    expect(seen[5]).toBeGreaterThan(seen[3]!)
    work.finish('encode', id)
    await studio.whenIdle()
  })
})
