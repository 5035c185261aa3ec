import { existsSync, openAsBlob, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebSocketStudioClient } from '../../../src/renderer/src/client/ws-client'
import type { CommandOutcome, UploadJobOptions } from '../../../src/shared/contract'
import type { Job } from '../../../src/shared/job'
import type { AddJobsResult } from '../../../src/shared/queue'
import { makeClip, seededBytes } from '../../helpers/media'
import { authorized, connectClient, startTestServer, type TestServer } from '../../helpers/serve'
import { waitUntil } from '../../helpers/wait'

describe('browser uploads to serve', () => {
  let t: TestServer
  let client: WebSocketStudioClient
  const finished = new Map<string, Job>()
  beforeAll(async () => {
    t = await startTestServer()
    client = connectClient(t.server)
    for (const type of ['job-completed', 'job-failed'] as const) client.on(type, (event) => finished.set(event.job.id, event.job))
    await client.invoke('queue.get')
  })
  afterAll(async () => {
    client?.close()
    await t?.close()
  })

  const uploads = () => join(t.dataDir, 'uploads')
  const folders = () => (existsSync(uploads()) ? readdirSync(uploads()) : [])

  async function upload(file: string, name: string, options?: UploadJobOptions | string): Promise<{ status: number; outcome: CommandOutcome<AddJobsResult> }> {
    const query = new URLSearchParams({ name })
    if (options !== undefined) query.set('options', typeof options === 'string' ? options : JSON.stringify(options))
    // A Blob over the file: fetch streams it from disk, as a browser sends a dropped File.
    const answer = await fetch(`${t.server.url}/api/uploads?${query}`, authorized(t.server, { method: 'POST', body: await openAsBlob(file) }))
    return { status: answer.status, outcome: (await answer.json()) as CommandOutcome<AddJobsResult> }
  }

  /** Waits for the job's end as the event stream reports it (nothing timed). */
  async function end(jobId: string): Promise<Job> {
    await waitUntil(`the end of job ${jobId} on the event stream`, () => finished.has(jobId), { timeoutMs: 180_000 })
    return finished.get(jobId)!
  }

  it('turns an upload into a job at once with the options given, and lets the upload go once the job completes', async () => {
    const clip = await makeClip(t.workDir, 'camera roll', { seconds: 2 })
    const { status, outcome } = await upload(clip, 'camera roll.mp4', { title: 'Uploaded Clip', settings: { ladder: [144], segmentSeconds: 2, preset: 'ultrafast', images: false }, target: null })
    expect(status).toBe(200)
    if (!outcome.ok) throw new Error(outcome.error.message)
    const job = outcome.value.created[0]!
    expect(job).toMatchObject({ title: 'Uploaded Clip', status: 'QUEUED', settings: { ladder: [144] } })
    expect(outcome.value.batch.label).toBe('camera roll.mp4')
    const source = job.source.kind === 'file' ? job.source.path : ''
    expect(dirname(dirname(source))).toBe(uploads())

    const done = await end(job.id)
    expect(done.status).toBe('COMPLETED')
    await waitUntil('the completed job\'s upload folder to be swept', () => !existsSync(dirname(source)))
    expect(folders()).toEqual([])
    const library = await client.invoke('library.list')
    expect(library.flatMap((c) => c.items).map((i) => i.jobId)).toContain(job.id)
  })

  it('refuses bad options before storing anything, naming the field', async () => {
    const file = join(t.workDir, 'any.mp4')
    writeFileSync(file, 'x')
    const notJson = await upload(file, 'any.mp4', '{oops')
    expect(notJson).toEqual({ status: 400, outcome: { ok: false, error: { code: 'INVALID_INPUT', message: 'options: must be JSON.' } } })
    const badLadder = await upload(file, 'any.mp4', { settings: { ladder: [] } })
    expect(badLadder.status).toBe(400)
    expect(!badLadder.outcome.ok && badLadder.outcome.error.message).toBe('options: ✖ The ladder needs at least one rung.\n  → at settings.ladder')
    const noName = await fetch(`${t.server.url}/api/uploads`, authorized(t.server, { method: 'POST', body: 'x' }))
    expect(noName.status).toBe(400)
    expect(folders()).toEqual([])
  })

  it('a file that is not media is refused on arrival in plain words, and nothing of it is kept', async () => {
    const file = join(t.workDir, 'notes.txt')
    writeFileSync(file, 'These are my notes, not a video.\n'.repeat(100))
    const { outcome } = await upload(file, 'notes.txt', { target: null })
    if (!outcome.ok) throw new Error(outcome.error.message)
    expect(outcome.value.created).toEqual([])
    expect(outcome.value.skipped).toEqual([{ path: expect.stringMatching(/\/notes\.txt$/), reason: 'it is a text file, not video or audio' }])
    expect(folders()).toEqual([])
  })

  it('a file that only ffprobe can tell is not media fails its job in plain words; the upload is kept for a retry until the job is removed', async () => {
    const file = join(t.workDir, 'noise.mp4')
    writeFileSync(file, seededBytes(64 * 1024, 7))
    const { outcome } = await upload(file, 'noise.mp4', { target: null })
    if (!outcome.ok) throw new Error(outcome.error.message)
    const job = outcome.value.created[0]!
    const failed = await end(job.id)
    expect(failed.error?.code).toMatch(/NOT_MEDIA|TRUNCATED/)
    expect(failed.error?.message).toContain('noise.mp4')
    expect(folders()).toHaveLength(1)
    await client.invoke('jobs.remove', { id: job.id })
    await waitUntil('the removed job\'s upload folder to be swept', () => folders().length === 0)
    expect(folders()).toEqual([])
  })
})
