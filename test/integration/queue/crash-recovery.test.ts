/**
 * The studio killed with SIGKILL at awkward moments, then `hls-studio resume`: every job
 * finishes exactly once, with a conformant package and an honest status.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Job } from '@shared/job'
import { runStudio } from '../../helpers/cli'
import { startStudio, type StudioProcess } from '../../helpers/cli-process'
import { inspectPackage } from '../../helpers/conformance'
import { startMediaHttpServer } from '../../helpers/media-http-server'
import { makeClip, tempDir } from '../../helpers/media'
import { waitUntil } from '../../helpers/wait'

const work = tempDir()
afterAll(() => work.cleanup())
const processes: StudioProcess[] = []
afterEach(() => {
  for (const p of processes.splice(0)) p.killGroup()
})

let long: string
let shorts: string[]
beforeAll(async () => {
  const media = join(work.path, 'media')
  mkdirSync(media)
  long = await makeClip(media, 'long take', { seconds: 20 })
  shorts = [await makeClip(media, 'ep1', { seconds: 3 }), await makeClip(media, 'ep2', { seconds: 3 }), await makeClip(media, 'ep3', { seconds: 3 })]
})

function studio(args: string[]): StudioProcess {
  const p = startStudio(args)
  processes.push(p)
  return p
}

function storedJobs(dataDir: string): Job[] {
  return (JSON.parse(readFileSync(join(dataDir, 'studio.json'), 'utf8')) as { jobs: Job[] }).jobs
}

/** Waits until a file has at least `bytes` (what the server sends before it stalls). */
async function fileReaches(file: string, bytes: number): Promise<void> {
  await waitUntil(`${file} to reach ${bytes} bytes`, () => (statSync(file, { throwIfNoEntry: false })?.size ?? 0) >= bytes, { intervalMs: 20 })
}

const encodingPast = (percent: number) => (e: Record<string, unknown>) => e.event === 'job-update' && e.stage === 'ENCODING' && Number(e.percent) > percent

/** Every job completed once: one package folder per job, named by its id, conformant; nothing half-written anywhere. */
async function expectEachCompletedOnce(out: string, jobs: Job[]): Promise<void> {
  for (const job of jobs) {
    expect(job.status).toBe('COMPLETED')
    expect(readdirSync(join(out, job.slug))).toEqual([job.id])
    expect((await inspectPackage(join(out, job.slug, job.id))).problems).toEqual([])
  }
  expect(readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((p) => p.includes('.partial'))).toEqual([])
}

describe('crash recovery', () => {
  it('SIGKILL mid-encode, twice, then resume: the job completes exactly once with a conformant package', async () => {
    const data = join(work.path, 'data-1')
    const out = join(work.path, 'out-1')
    // A slow preset keeps the encode going for seconds on any machine, so the kill lands mid-encode.
    const encode = studio(['--data-dir', data, 'encode', long, '--out', out, '--ladder', '240', '--preset', 'slower', '--json'])
    const created = await encode.waitFor((e) => e.event === 'job-created')
    await encode.waitFor(encodingPast(10))
    encode.crash()
    await encode.exited
    // What the store says right after the crash is where the job really was.
    expect(storedJobs(data)).toEqual([expect.objectContaining({ id: created.jobId, status: 'ENCODING' })])

    // The first resume is killed mid-encode too; its ffmpeg orphans are still around.
    const firstResume = studio(['--data-dir', data, 'resume', '--json'])
    await firstResume.waitFor(encodingPast(10))
    firstResume.crash()
    await firstResume.exited

    const resume = await runStudio(['--data-dir', data, 'resume', '--json'])
    expect(resume.stderr).toContain('job(s) interrupted by an earlier stop were queued again')
    expect(resume.code).toBe(0)
    const completed = resume.events.filter((e) => e.event === 'job-completed')
    expect(completed.map((e) => e.jobId)).toEqual([created.jobId])
    expect(resume.events.at(-1)).toMatchObject({ event: 'summary', completed: 1, failed: 0, cancelled: 0 })

    const jobs = storedJobs(data)
    expect(jobs).toHaveLength(1)
    expect(jobs[0]!.attempts).toBe(3)
    await expectEachCompletedOnce(out, jobs)
    expect(completed[0]!.masterPlaylist).toBe(jobs[0]!.outputs!.masterPlaylist)

    // Nothing left to do: a further resume touches nothing.
    const master = jobs[0]!.outputs!.masterPlaylist
    const before = statSync(master).mtimeMs
    const again = await runStudio(['--data-dir', data, 'resume'])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('Nothing to resume')
    expect(statSync(master).mtimeMs).toBe(before)
  })

  it('SIGKILL in the middle of a batch: finished jobs are not redone, the rest complete once', async () => {
    const data = join(work.path, 'data-2')
    const out = join(work.path, 'out-2')
    const encode = studio(['--data-dir', data, 'encode', ...shorts, '--out', out, '--ladder', '240', '--json'])
    const first = await encode.waitFor((e) => e.event === 'job-completed')
    await encode.waitFor((e) => e.event === 'job-update' && e.jobId !== first.jobId && e.stage === 'ENCODING')
    encode.crash()
    await encode.exited
    const firstMaster = String(first.masterPlaylist)
    const firstFiles = readdirSync(join(firstMaster, '..'), { recursive: true }).sort()
    const firstMtime = statSync(firstMaster).mtimeMs

    const resume = await runStudio(['--data-dir', data, 'resume', '--json'])
    expect(resume.code).toBe(0)
    const completedNow = resume.events.filter((e) => e.event === 'job-completed').map((e) => e.jobId)
    expect(completedNow).toHaveLength(2)
    expect(completedNow).not.toContain(first.jobId)
    expect(resume.events.some((e) => e.jobId === first.jobId)).toBe(false)

    const jobs = storedJobs(data)
    expect(jobs).toHaveLength(3)
    await expectEachCompletedOnce(out, jobs)
    expect(statSync(firstMaster).mtimeMs).toBe(firstMtime)
    expect(readdirSync(join(firstMaster, '..'), { recursive: true }).sort()).toEqual(firstFiles)

    const listing = await runStudio(['--data-dir', data, 'jobs', '--json'])
    const listed = JSON.parse(listing.stdout) as { batches: Array<{ summary: string }>; queue: { inUseBy: unknown } }
    expect(listed.batches.map((b) => b.summary)).toEqual(['3 of 3'])
    expect(listed.queue.inUseBy).toBeNull()
  })

  it('SIGKILL mid-download: resume continues the download with Range and completes', async () => {
    const bytes = readFileSync(shorts[0]!)
    // The server sends the first part, then stalls until the process is gone.
    const server = await startMediaHttpServer(bytes, { stallOnRequests: [0], stallAfterBytes: 50_000 })
    try {
      const data = join(work.path, 'data-3')
      const out = join(work.path, 'out-3')
      const encode = studio(['--data-dir', data, 'encode', server.url('/media/remote%20ep.mp4'), '--out', out, '--ladder', '240', '--json'])
      const created = await encode.waitFor((e) => e.event === 'job-created')
      await fileReaches(join(data, 'work', String(created.jobId), 'remote ep.mp4.part'), 50_000)
      encode.crash()
      await encode.exited
      expect(storedJobs(data)[0]!.status).toBe('DOWNLOADING')

      server.behaviour = {}
      const resume = await runStudio(['--data-dir', data, 'resume', '--json'])
      expect(resume.code).toBe(0)
      expect(server.requests).toHaveLength(2)
      expect(server.requests[1]!.range).toMatch(/^bytes=[1-9]\d*-$/)
      const jobs = storedJobs(data)
      await expectEachCompletedOnce(out, jobs)
      expect(readdirSync(join(data, 'work'))).toEqual([])
    } finally {
      await server.close()
    }
  })
})
