/** The queue commands as a person uses them, two terminals included. */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Job } from '@shared/job'
import { runStudio } from '../../helpers/cli'
import { startStudio, type StudioProcess } from '../../helpers/cli-process'
import { startMediaHttpServer } from '../../helpers/media-http-server'
import { makeClip, tempDir } from '../../helpers/media'

const work = tempDir()
afterAll(() => work.cleanup())
const processes: StudioProcess[] = []
afterEach(() => {
  for (const p of processes.splice(0)) p.killGroup()
})

let clip: string
beforeAll(async () => {
  const media = join(work.path, 'media')
  mkdirSync(media)
  clip = await makeClip(media, 'clip', { seconds: 2 })
})

interface Listing {
  queue: { paused: boolean; order: string[]; inUseBy: { pid: number; purpose: string } | null }
  batches: Array<{ summary: string; label: string }>
  watchFolders: Array<{ path: string; seenCount: number }>
  jobs: Job[]
}

async function listJobs(data: string): Promise<Listing> {
  const run = await runStudio(['--data-dir', data, 'jobs', '--json'])
  expect(run.code).toBe(0)
  return JSON.parse(run.stdout) as Listing
}

describe('queue commands', () => {
  it('jobs lists what happened, in words and as JSON; retry runs a failed job again', async () => {
    const data = join(work.path, 'data-jobs')
    const out = join(work.path, 'out-jobs')
    // Half a file, as when a copy is still under way: queued, then failed as damaged.
    const later = join(work.path, 'arrives later.mp4')
    writeFileSync(later, readFileSync(clip).subarray(0, 4096))
    const first = await runStudio(['--data-dir', data, 'encode', clip, later, '--out', out, '--ladder', '240', '--json'])
    expect(first.code).toBe(1)
    const listing = await listJobs(data)
    expect(listing.jobs.map((j) => [j.title, j.status])).toEqual([
      ['clip', 'COMPLETED'],
      ['arrives later', 'FAILED']
    ])
    expect(listing.batches.map((b) => b.summary)).toEqual(['2 of 2'])
    const failed = listing.jobs[1]!
    expect(failed.error?.code).toBe('TRUNCATED')
    expect(failed.error?.message).toMatch(/incomplete or damaged.*arrives later\.mp4/)

    const human = await runStudio(['--data-dir', data, 'jobs'])
    expect(human.stdout).toMatch(new RegExp(`${listing.jobs[0]!.id}\\s+COMPLETED\\s+100%\\s+2 of 2\\s+clip`))
    expect(human.stdout).toMatch(new RegExp(`${failed.id}\\s+FAILED .*arrives later`))
    expect(human.stdout).toContain(failed.error!.message)

    // The whole file arrives; retry by a short id prefix, as with git.
    copyFileSync(clip, later)
    const retry = await runStudio(['--data-dir', data, 'retry', failed.id.slice(0, 12), '--json'])
    expect(retry.code).toBe(0)
    expect(retry.events.filter((e) => e.event === 'job-completed').map((e) => e.jobId)).toEqual([failed.id])
    expect((await listJobs(data)).jobs.map((j) => j.status)).toEqual(['COMPLETED', 'COMPLETED'])

    const finished = await runStudio(['--data-dir', data, 'retry', failed.id])
    expect(finished.code).toBe(1)
    expect(finished.stderr).toContain(`Job ${failed.id} is COMPLETED; only failed or cancelled jobs can be retried.`)
    const unknown = await runStudio(['--data-dir', data, 'cancel', 'job-nope'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('No job job-nope. List jobs with `hls-studio jobs`.')
  })

  it('a second process on the same data dir is refused in plain words; watch resumes where it was after Ctrl-C', async () => {
    const data = join(work.path, 'data-watch')
    const out = join(work.path, 'out-watch')
    const inbox = join(work.path, 'inbox')
    mkdirSync(inbox)
    copyFileSync(clip, join(inbox, 'first.mp4'))
    const watch = startStudio(['--data-dir', data, 'watch', inbox, '--out', out, '--ladder', '240', '--json'])
    processes.push(watch)
    await watch.waitForStderr('Press Ctrl-C to stop')

    const second = await runStudio(['--data-dir', data, 'encode', clip, '--out', join(work.path, 'out-second')])
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(new RegExp(`error: The data folder ${data} is in use by hls-studio watch \\(process \\d+, since .*\\)\\. Only one studio at a time may change its job list`))
    expect(existsSync(join(work.path, 'out-second'))).toBe(false)
    const listing = await listJobs(data)
    expect(listing.queue.inUseBy).toMatchObject({ purpose: 'hls-studio watch' })
    expect(listing.watchFolders).toEqual([expect.objectContaining({ path: inbox })])

    // The file already there is taken once it has settled; then Ctrl-C, and a restart.
    await watch.waitFor((e) => e.event === 'job-completed')
    watch.interrupt()
    expect((await watch.exited).code).toBe(0)
    expect(watch.events.at(-1)).toMatchObject({ event: 'summary', completed: 1, failed: 0 })

    const again = startStudio(['--data-dir', data, 'watch', inbox, '--out', out, '--ladder', '240', '--json'])
    processes.push(again)
    await again.waitForStderr('Press Ctrl-C to stop')
    copyFileSync(clip, join(inbox, 'second.mp4'))
    await again.waitFor((e) => e.event === 'job-completed')
    // The file seen before the restart was not queued again, though it had settled long before the new one.
    expect(again.events.filter((e) => e.event === 'job-created').map((e) => e.title)).toEqual(['second'])
    again.interrupt()
    expect((await again.exited).code).toBe(0)

    const removed = await runStudio(['--data-dir', data, 'watch', inbox, '--remove'])
    expect(removed.code).toBe(0)
    expect((await listJobs(data)).watchFolders).toEqual([])
  })

  it('cancel from another terminal stops the running job of the studio that holds the data dir', async () => {
    // The server sends a little, then stalls: the job is mid-download until someone acts.
    const server = await startMediaHttpServer(readFileSync(clip), { stallOnRequests: [0], stallAfterBytes: 20_000 })
    try {
      const data = join(work.path, 'data-cancel')
      const encode = startStudio(['--data-dir', data, 'encode', server.url(), '--out', join(work.path, 'out-cancel'), '--json'])
      processes.push(encode)
      const created = await encode.waitFor((e) => e.event === 'job-created')
      await encode.waitFor((e) => e.event === 'job-update' && e.stage === 'DOWNLOADING')
      const cancel = await runStudio(['--data-dir', data, 'cancel', String(created.jobId).slice(0, 10)])
      expect(cancel.code).toBe(0)
      expect(cancel.stderr).toMatch(new RegExp(`asked hls-studio encode \\(process \\d+\\) to cancel ${created.jobId}`))
      expect(cancel.stdout).toContain(`cancelled  clip  (${created.jobId})`)
      await encode.waitFor((e) => e.event === 'job-cancelled' && e.jobId === created.jobId)
      expect((await encode.exited).code).toBe(1)
      expect(encode.events.at(-1)).toMatchObject({ event: 'summary', completed: 0, cancelled: 1 })
      // The partial download went with the job.
      expect(readdirSync(join(data, 'work'))).toEqual([])
    } finally {
      await server.close()
    }
  })

  it('a damaged job list is kept aside with a clear message, and the command goes on', async () => {
    const data = join(work.path, 'data-damaged')
    mkdirSync(data)
    writeFileSync(join(data, 'studio.json'), '{"version":1,"jobs":[{"id":"job-1","status":"QUEU')
    const listed = await runStudio(['--data-dir', data, 'jobs'])
    expect(listed.code).toBe(0)
    expect(listed.stderr).toMatch(/warning: The job list .*studio\.json could not be read: the file is not valid JSON/)
    // Listing only reads: the damaged file is still where it was.
    expect(readdirSync(data)).toEqual(['studio.json'])

    const encode = await runStudio(['--data-dir', data, 'encode', clip, '--out', join(work.path, 'out-damaged'), '--ladder', '240'])
    expect(encode.code).toBe(0)
    expect(encode.stderr).toMatch(/warning: The job list .* It was kept as .*studio\.json\.corrupt-.* and an empty job list was started\./)
    expect(readdirSync(data).filter((n) => n.startsWith('studio.json.corrupt-'))).toHaveLength(1)
    expect((await listJobs(data)).jobs.map((j) => j.status)).toEqual(['COMPLETED'])
  })
})
