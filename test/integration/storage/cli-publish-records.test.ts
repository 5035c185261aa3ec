/**
 * `hls-studio publish <jobId>` runs the same use case as the windows and writes the result on
 * the job, as a queue upload does: with the data dir free (the command line writes it) and
 * beside a running studio (which is asked to, through its control inbox). `jobs`, the
 * Library and the player then see the publication.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Job } from '../../../src/shared/job'
import { LibraryIndex } from '../../../src/main/engine/library/library-index'
import { openStudio } from '../../../src/main/engine/studio'
import { runStudio } from '../../helpers/cli'
import { makeClip } from '../../helpers/media'
import { LAB_BUCKET, startStorageLab, type StorageLab } from '../../helpers/storage-lab'

describe('hls-studio publish <jobId> records the publication on the job', () => {
  let lab: StorageLab
  let jobIds: string[] = []
  let clips: string[] = []

  beforeAll(async () => {
    lab = await startStorageLab()
    await lab.addTarget('lab')
    // Two finished jobs with no target: encoded by the queue, never uploaded.
    const studio = await openStudio({ dataDir: lab.dataDir, outputDir: join(lab.workDir, 'out'), cwd: lab.workDir })
    try {
      clips = [await makeClip(lab.workDir, 'Hand Published', { seconds: 2 }), await makeClip(lab.workDir, 'Beside Serve', { seconds: 2 })]
      const { created } = await studio.jobs.add({ sources: clips, settings: { ladder: [240], images: false } })
      jobIds = created.map((j) => j.id)
      studio.start({ watchFolders: false, controlRequests: false })
      await studio.whenIdle()
      expect(studio.jobs.list().map((j) => [j.status, j.outputs?.published])).toEqual([
        ['COMPLETED', undefined],
        ['COMPLETED', undefined]
      ])
    } finally {
      await studio.shutdown()
    }
  })
  afterAll(async () => lab?.close())

  it('with the data dir free: the job in the store, `jobs --json` and the Library show it', async () => {
    const [jobId] = jobIds as [string]
    const run = await runStudio(['--data-dir', lab.dataDir, 'publish', jobId, '--upload', 'lab'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`recorded   on job ${jobId}`)

    const listed = JSON.parse((await runStudio(['--data-dir', lab.dataDir, 'jobs', '--json'])).stdout) as { jobs: Job[] }
    const job = listed.jobs.find((j) => j.id === jobId)!
    expect(job).toMatchObject({ status: 'COMPLETED', target: 'lab' })
    expect(job.outputs?.published).toMatchObject({ target: 'lab', keyPrefix: `hand-published/${jobId}`, masterPlaylistUrl: `${lab.proxy.endpoint}/${LAB_BUCKET}/hand-published/${jobId}/master.m3u8` })
    expect((await lab.readObject(`hand-published/${jobId}/master.m3u8`)).toString('utf8')).toMatch(/^#EXTM3U/)
    expect((await runStudio(['--data-dir', lab.dataDir, 'jobs'])).stdout).toContain(`→ ${job.outputs!.published!.masterPlaylistUrl}`)

    // The store itself, as the next studio (a window) opens it, and the Library built on it.
    const studio = await openStudio({ dataDir: lab.dataDir, outputDir: join(lab.workDir, 'out') })
    try {
      expect(studio.jobs.get(jobId).outputs?.published).toEqual(job.outputs!.published)
      const library = new LibraryIndex({ jobs: () => studio.jobs.list(), outputRoots: () => [join(lab.workDir, 'out')], mediaBaseUrl: '/media', visibilityOf: async () => 'public' })
      const items = (await library.list()).flatMap((c) => c.items)
      expect(items.find((i) => i.jobId === jobId)?.published?.keyPrefix).toBe(`hand-published/${jobId}`)
    } finally {
      await studio.shutdown()
    }
  })

  it('beside a running studio: the holder writes the record and announces it', async () => {
    const [, jobId] = jobIds as [string, string]
    const studio = await openStudio({ dataDir: lab.dataDir, outputDir: join(lab.workDir, 'out'), purpose: 'a test studio' })
    const changed: Job[] = []
    studio.subscribe((event) => {
      if (event.type === 'job-updated' && event.job.id === jobId) changed.push(event.job)
    })
    studio.start({ watchFolders: false })
    try {
      const run = await runStudio(['--data-dir', lab.dataDir, 'publish', jobId, '--upload', 'lab', '--json'])
      expect(run.code, run.stderr).toBe(0)
      expect(run.events.at(-1)).toMatchObject({ type: 'published', jobId, recorded: true, keyPrefix: `beside-serve/${jobId}` })
      expect(studio.jobs.get(jobId).outputs?.published).toMatchObject({ target: 'lab', keyPrefix: `beside-serve/${jobId}` })
      expect(changed.at(-1)?.outputs?.published?.target).toBe('lab')
    } finally {
      await studio.shutdown()
    }
  })

  it('refuses a job that is not finished before uploading anything', async () => {
    const studio = await openStudio({ dataDir: lab.dataDir, outputDir: join(lab.workDir, 'out') })
    let queuedId: string
    try {
      const { created } = await studio.jobs.add({ sources: [clips[0]!], settings: { ladder: [240], images: false }, force: true })
      queuedId = created[0]!.id
    } finally {
      await studio.shutdown()
    }
    // A queued job has no package yet: nothing to publish, and nothing was written.
    const run = await runStudio(['--data-dir', lab.dataDir, 'publish', queuedId, '--upload', 'lab'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/no local package|QUEUED/)
  })
})
