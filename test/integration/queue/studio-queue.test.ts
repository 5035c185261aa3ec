/** The queue with the real pipeline: real ffmpeg, real files, a real HTTP server on loopback. */
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { StudioEvent } from '@shared/events'
import { StudioError } from '@shared/errors'
import type { Job } from '@shared/job'
import type { Publisher } from '../../../src/main/engine/storage/publisher'
import { openStudio, type Studio, type StudioConfig } from '../../../src/main/engine/studio'
import { inspectPackage } from '../../helpers/conformance'
import { FakeClock } from '../../helpers/fake-clock'
import { FolderPublisher } from '../../helpers/folder-publisher'
import { startMediaHttpServer, type MediaHttpServer } from '../../helpers/media-http-server'
import { makeClip, tempDir } from '../../helpers/media'
import { reaches } from '../../helpers/scripted-work'

const work = tempDir()
afterAll(() => work.cleanup())
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

let clip: string
let longClip: string
beforeAll(async () => {
  const media = join(work.path, 'media')
  mkdirSync(media)
  clip = await makeClip(media, 'short', { seconds: 2 })
  longClip = await makeClip(media, 'long', { seconds: 20 })
})

const SETTINGS = { ladder: [240], images: false }
let run = 0

async function studioFor(config: Partial<StudioConfig> = {}): Promise<{ studio: Studio; root: string; events: StudioEvent[] }> {
  const root = join(work.path, `run-${++run}`)
  const studio = await openStudio({ dataDir: join(root, 'data'), outputDir: join(root, 'out'), cwd: root, ...config })
  cleanups.push(() => studio.shutdown())
  const events: StudioEvent[] = []
  studio.subscribe((e) => events.push(e))
  return { studio, root, events }
}

function statusChanges(events: StudioEvent[], jobId: string): string[] {
  const statuses = events.filter((e): e is Extract<StudioEvent, { job: Job }> => 'job' in e && e.job.id === jobId).map((e) => e.job.status)
  return statuses.filter((s, i) => s !== statuses[i - 1])
}

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('queue with the real pipeline', () => {
  it('turns a dropped folder into a batch: media encoded one at a time, the rest skipped with reasons', async () => {
    const { studio, root, events } = await studioFor()
    const drop = join(root, 'drop')
    mkdirSync(join(drop, 'nested'), { recursive: true })
    copyFileSync(clip, join(drop, 'one.mp4'))
    copyFileSync(clip, join(drop, 'nested', 'two.mp4'))
    writeFileSync(join(drop, 'nested', 'two.en.srt'), '1\n00:00:00,000 --> 00:00:01,000\nHello\n')
    writeFileSync(join(drop, 'shot list.txt'), 'not media')
    const result = await studio.jobs.add({ sources: [drop], settings: SETTINGS })
    expect(result.created.map((j) => j.title)).toEqual(['two', 'one'])
    expect(result.created[0]!.sidecarSubtitles).toEqual([join(drop, 'nested', 'two.en.srt')])
    expect(result.skipped).toEqual([{ path: join(drop, 'shot list.txt'), reason: 'not a video or audio file type (.txt)' }])
    expect(studio.jobs.batches()).toEqual([expect.objectContaining({ label: 'drop', total: 2, summary: '0 of 2' })])

    let encoding = 0
    let maxEncoding = 0
    studio.subscribe((e) => {
      if (!('job' in e)) return
      encoding = studio.jobs.list().filter((j) => j.status === 'PROBING' || j.status === 'ENCODING').length
      maxEncoding = Math.max(maxEncoding, encoding)
    })
    studio.start({ watchFolders: false })
    await studio.whenIdle()
    expect(maxEncoding).toBe(1)
    expect(studio.jobs.batches()[0]).toMatchObject({ completed: 2, finished: 2, summary: '2 of 2' })
    for (const job of studio.jobs.list()) {
      expect(job.status).toBe('COMPLETED')
      expect(statusChanges(events, job.id)).toEqual(['QUEUED', 'PROBING', 'ENCODING', 'COMPLETED'])
      const facts = await inspectPackage(job.outputs!.dir)
      expect(facts.problems).toEqual([])
      const log = await studio.jobs.readLog(job.id)
      expect(log).toMatch(/\[info\] ffmpeg -hide_banner .* -i .*\.mp4/)
    }
  })

  it('keeps a drop uploaded file by file one batch when each part names the same batch id', async () => {
    const { studio, root } = await studioFor()
    const parts = ['a.mp4', 'b.mp4', 'c.mp4'].map((name) => {
      copyFileSync(clip, join(root, name))
      return join(root, name)
    })
    const batchId = 'batch-0f6b1c2e-3d4a-4b5c-8d6e-7f8091a2b3c4'
    // In parallel, as a browser's uploads arrive.
    const results = await Promise.all(parts.map((path) => studio.jobs.add({ sources: [path], settings: SETTINGS, batchLabel: 'Season 1', batchId })))
    expect(results.map((r) => r.batch.id)).toEqual([batchId, batchId, batchId])
    expect(studio.jobs.batches()).toEqual([expect.objectContaining({ batchId, label: 'Season 1', total: 3, summary: '0 of 3' })])
    expect(new Set(studio.jobs.list().map((j) => j.batchId))).toEqual(new Set([batchId]))
    await expect(studio.jobs.add({ sources: [parts[0]!], batchId: 'batch-42' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/batch-<uuid>/) })
  })

  it('encodes from a URL whose connection drops halfway: resumed with Range, and the download removed after', async () => {
    const server = await startMediaHttpServer(readFileSync(clip), { dropOnRequests: [0], dropAfterBytes: 40_000 })
    cleanups.push(() => server.close())
    const { studio, root, events } = await studioFor()
    const { created } = await studio.jobs.add({ sources: [server.url('/bucket/Intro%20Scene.mp4')], settings: SETTINGS })
    const job = created[0]!
    expect(job).toMatchObject({ title: 'Intro Scene', slug: 'intro-scene', source: { kind: 'url' } })
    studio.start({ watchFolders: false })
    await studio.whenIdle()
    const done = studio.jobs.get(job.id)
    expect(done.status).toBe('COMPLETED')
    expect(statusChanges(events, job.id)).toEqual(['QUEUED', 'DOWNLOADING', 'PROBING', 'ENCODING', 'COMPLETED'])
    expect(server.requests.map((r) => r.range)).toEqual([undefined, expect.stringMatching(/^bytes=\d+-$/)])
    expect((await inspectPackage(done.outputs!.dir)).problems).toEqual([])
    expect(done.downloadedPath).toBeUndefined()
    expect(readdirSync(join(root, 'data', 'work'))).toEqual([])
    expect(await studio.jobs.readLog(job.id)).toMatch(/connection dropped at byte \d+ .*resuming/)
  })

  it('cancel stops ffmpeg mid-encode, removes the partial package and leaves the source alone', async () => {
    const { studio, root } = await studioFor()
    const before = sha(longClip)
    const { created } = await studio.jobs.add({ sources: [longClip], settings: { ladder: [240], images: false, preset: 'slower' } })
    const job = created[0]!
    const encoding = new Promise<void>((resolve) => {
      const stop = studio.subscribe((e) => {
        if (e.type === 'job-updated' && e.job.id === job.id && e.job.status === 'ENCODING' && e.job.progress.percent > 5) {
          stop()
          resolve()
        }
      })
    })
    studio.start({ watchFolders: false })
    await encoding
    const cancelled = await studio.jobs.cancel(job.id)
    expect(cancelled.status).toBe('CANCELLED')
    expect(cancelled.error).toBeUndefined()
    const out = join(root, 'out')
    expect(existsSync(out) ? readdirSync(out, { recursive: true }) : []).toEqual([])
    expect(sha(longClip)).toBe(before)
    expect(await studio.jobs.readLog(job.id)).toMatch(/ENCODING → CANCELLED/)
  })

  it('retries a download that failed for a passing reason after the backoff, without waiting for real time', async () => {
    const server = await startMediaHttpServer(readFileSync(clip), { statusFor: (n) => (n === 0 ? 503 : undefined) })
    cleanups.push(() => server.close())
    const clock = new FakeClock(Date.now())
    const { studio } = await studioFor({ clock })
    const { created } = await studio.jobs.add({ sources: [server.url()], settings: SETTINGS })
    const id = created[0]!.id
    const waiting = new Promise<Job>((resolve) => {
      const stop = studio.subscribe((e) => {
        if ('job' in e && e.job.id === id && e.job.status === 'QUEUED' && e.job.retryAt) {
          stop()
          resolve(e.job)
        }
      })
    })
    studio.start({ watchFolders: false })
    const retrying = await waiting
    expect(retrying.error).toMatchObject({ code: 'DOWNLOAD_FAILED', message: expect.stringMatching(/busy or failing \(HTTP 503\)/) })
    expect(Date.parse(retrying.retryAt!) - clock.now()).toBe(10_000)
    expect(server.requests).toHaveLength(1)
    const completed = reaches(studio, id, 'COMPLETED')
    clock.advance(10_000)
    await completed
    expect(studio.jobs.get(id)).toMatchObject({ status: 'COMPLETED', attempts: 2 })
    expect(studio.jobs.get(id).error).toBeUndefined()
  })

  it('refuses a target that is not set up when the job is added, before any encode', async () => {
    const { studio } = await studioFor()
    await expect(studio.jobs.add({ sources: [clip], settings: SETTINGS, target: 'lab' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'There is no storage target named "lab". Add one with `hls-studio targets add`.'
    })
    expect(studio.jobs.list()).toEqual([])
  })

  it('a job whose upload fails for good keeps its package, and the upload alone is retried later', async () => {
    const refusing = new FolderPublisher(join(work.path, 'unused-bucket'))
    refusing.failNext('STORAGE_CREDENTIALS')
    const { studio, root } = await studioFor({ publisher: refusing })
    const { created } = await studio.jobs.add({ sources: [clip], settings: SETTINGS, target: 'lab' })
    const id = created[0]!.id
    studio.start({ watchFolders: false })
    await studio.whenIdle()
    const failed = studio.jobs.get(id)
    expect(failed.status).toBe('FAILED')
    expect(failed.error?.code).toBe('STORAGE_CREDENTIALS')
    expect(existsSync(failed.outputs!.masterPlaylist)).toBe(true)
    await studio.shutdown()

    // Publishing set up: the upload alone is retried, and a failure that may pass is retried by itself.
    const publisher = new FolderPublisher(join(root, 'bucket'))
    publisher.failNext('STORAGE_FAILED')
    const clock = new FakeClock(Date.now())
    const reopened = await openStudio({ dataDir: join(root, 'data'), outputDir: join(root, 'out'), publisher, clock })
    cleanups.push(() => reopened.shutdown())
    const events: StudioEvent[] = []
    reopened.subscribe((e) => events.push(e))
    reopened.start({ watchFolders: false })
    const retryWait = new Promise<void>((resolve) => {
      const stop = reopened.subscribe((e) => {
        if ('job' in e && e.job.id === id && e.job.status === 'QUEUED' && e.job.retryAt) {
          stop()
          resolve()
        }
      })
    })
    await reopened.jobs.retryUpload(id)
    await retryWait
    const completed = reaches(reopened, id, 'COMPLETED')
    clock.advance(10_000)
    await completed
    expect(statusChanges(events, id)).toEqual(['QUEUED', 'UPLOADING', 'QUEUED', 'UPLOADING', 'COMPLETED'])
    const done = reopened.jobs.get(id)
    expect(done.outputs!.published).toMatchObject({ target: 'lab', keyPrefix: `${done.slug}/${id}` })
    expect(readFileSync(join(root, 'bucket', done.slug, id, 'master.m3u8'), 'utf8')).toBe(readFileSync(done.outputs!.masterPlaylist, 'utf8'))
    // Upload progress became job progress: segments and bytes.
    expect(done.progress.totalSegments).toBeGreaterThan(0)
    expect(done.progress).toMatchObject({ percent: 100, completedSegments: done.progress.totalSegments, transferredBytes: done.progress.totalBytes })
  })

  it('watches a folder: a new file is queued and encoded once, and not again after a restart', async () => {
    const clock = new FakeClock(Date.now())
    const { studio, root } = await studioFor({ clock })
    const inbox = join(root, 'inbox')
    mkdirSync(inbox)
    await studio.watchFolders.add({ path: inbox, settings: SETTINGS })
    studio.start()
    copyFileSync(clip, join(inbox, 'arrived.mp4'))
    await studio.watchFolders.scanAll()
    expect(studio.jobs.list()).toEqual([])
    clock.advance(3000)
    await studio.watchFolders.scanAll()
    expect(studio.jobs.list().map((j) => j.title)).toEqual(['arrived'])
    await studio.whenIdle()
    expect(studio.jobs.list()[0]!.status).toBe('COMPLETED')
    expect(studio.watchFolders.list()).toEqual([expect.objectContaining({ path: inbox, seenCount: 1 })])
    await studio.shutdown()

    const reopened = await openStudio({ dataDir: join(root, 'data'), outputDir: join(root, 'out'), clock })
    cleanups.push(() => reopened.shutdown())
    reopened.start()
    for (let i = 0; i < 3; i++) {
      await reopened.watchFolders.scanAll()
      clock.advance(3000)
    }
    expect(reopened.jobs.list()).toHaveLength(1)
  })

  it('a job caught mid-upload by a crash is uploaded again on the next start, without encoding again', async () => {
    const hanging: Publisher = {
      // Never finishes by itself; stops when told to, like a long upload.
      publish: (request) =>
        new Promise((_resolve, reject) => {
          const stop = (): void => reject(new StudioError('CANCELLED', 'Upload cancelled.'))
          if (request.signal?.aborted) stop()
          request.signal?.addEventListener('abort', stop)
        })
    }
    const { studio, root } = await studioFor({ publisher: hanging })
    const { created } = await studio.jobs.add({ sources: [clip], settings: SETTINGS, target: 'lab' })
    const id = created[0]!.id
    const uploading = reaches(studio, id, 'UPLOADING')
    studio.start({ watchFolders: false })
    await uploading
    // What the disk holds at this moment is what a crash would leave behind.
    const storeFile = join(root, 'data', 'studio.json')
    const atCrash = readFileSync(storeFile, 'utf8')
    expect(JSON.parse(atCrash).jobs[0].status).toBe('UPLOADING')
    await studio.shutdown()
    writeFileSync(storeFile, atCrash)

    const publisher = new FolderPublisher(join(root, 'bucket'))
    const reopened = await openStudio({ dataDir: join(root, 'data'), publisher })
    cleanups.push(() => reopened.shutdown())
    expect(reopened.report.recovery.requeued).toEqual([id])
    expect(reopened.jobs.get(id)).toMatchObject({ status: 'QUEUED', outputs: { dir: expect.any(String) } })
    reopened.start({ watchFolders: false })
    await reopened.whenIdle()
    expect(reopened.jobs.get(id).status).toBe('COMPLETED')
    expect(publisher.published).toEqual([id])
    const log = await reopened.jobs.readLog(id)
    expect(log.match(/QUEUED → PROBING/g)).toHaveLength(1)
    expect(log).toMatch(/the studio stopped while this job was uploading; queued again[\s\S]*QUEUED → UPLOADING[\s\S]*UPLOADING → COMPLETED/)
  })

  it('never reports a job completed once its package is gone from disk', async () => {
    const { studio, root } = await studioFor()
    const { created } = await studio.jobs.add({ sources: [clip], settings: SETTINGS })
    studio.start({ watchFolders: false })
    await studio.whenIdle()
    const done = studio.jobs.get(created[0]!.id)
    expect(done.status).toBe('COMPLETED')
    await studio.shutdown()
    rmSync(done.outputs!.dir, { recursive: true })

    const reopened = await openStudio({ dataDir: join(root, 'data') })
    cleanups.push(() => reopened.shutdown())
    expect(reopened.report.recovery.lostOutputs).toEqual([done.id])
    expect(reopened.jobs.get(done.id)).toMatchObject({
      status: 'FAILED',
      error: { code: 'FILE_NOT_FOUND', message: `The package of this job is no longer on disk (${done.outputs!.dir}). Retry the job to encode it again.` }
    })
  })

  it('keeps a damaged job list aside and starts with an empty one', async () => {
    const root = join(work.path, 'damaged')
    mkdirSync(join(root, 'data'), { recursive: true })
    writeFileSync(join(root, 'data', 'studio.json'), '{"version":1,"jobs":[{"id":"job-1"')
    const studio = await openStudio({ dataDir: join(root, 'data') })
    cleanups.push(() => studio.shutdown())
    expect(studio.jobs.list()).toEqual([])
    const [notice] = studio.report.notices
    expect(notice?.message).toMatch(/^The job list .*studio\.json could not be read: the file is not valid JSON .*It was kept as .*studio\.json\.corrupt-.* and an empty job list was started\.$/)
    expect(readFileSync(notice!.backupPath, 'utf8')).toBe('{"version":1,"jobs":[{"id":"job-1"')
  })
})
