/**
 * Two `hls-studio worker` processes and a coordinator (serve with --redis, no local worker) on
 * a real redis-server encode one source in 2 s segments and 4 s chunks. The package is
 * conformant and equal to a single-process encode, and both workers did chunks: one reading the
 * source directly, one through the coordinator's byte-range route. Then the worker routes
 * refuse wrong tokens and forged chunk ids in plain words.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EncodeSettingsInput } from '@shared/settings'
import { inspectPackage } from '../../helpers/conformance'
import { encodeFile } from '../../helpers/encode'
import { ffprobeJson, makeClip } from '../../helpers/media'
import { waitUntil } from '../../helpers/wait'
import { useWorkerLab, WORKER_TOKEN } from '../../helpers/worker-lab'

const SETTINGS: EncodeSettingsInput = { segmentSeconds: 2, ladder: [240, 144], images: false, chunkSeconds: 4 }
const suite = useWorkerLab('hls-studio-workers-', { name: 'shared film', seconds: 21, fps: 25 })

describe('workers on a BullMQ queue', () => {
  it('two workers and a coordinator make the package a single process makes', async () => {
    const { lab, source, media, root } = suite
    const direct = await lab.startWorker('direct')
    // Mapped to a folder this machine does not have: it reads the source over HTTP.
    const remote = await lab.startWorker('remote', ['--path-map', `${media}=/nonexistent-${process.pid}`])
    const { created } = await lab.server.runtime.studio.jobs.add({ sources: [source], settings: SETTINGS })
    const jobId = created[0]!.id
    const studio = lab.server.runtime.studio
    await waitUntil('the job to finish on the workers', () => ['COMPLETED', 'FAILED'].includes(studio.jobs.get(jobId).status), { timeoutMs: 300_000, intervalMs: 250 })
    const job = studio.jobs.get(jobId)
    // An internal failure names only the log: show its errors instead.
    const logErrors = job.error ? readFileSync(join(root, 'coordinator', 'studio.log'), 'utf8').split('\n').filter((l) => l.includes('"level":50')).join('\n') : ''
    expect(`${job.error?.message ?? ''}${logErrors}`).toBe('')
    expect(job.status).toBe('COMPLETED')
    const { workers, ...chunking } = job.plan?.chunking ?? {}
    expect(chunking).toEqual({ chunkSeconds: 4, chunkCount: 5 })
    // The job record (jobs --json, job.json) says which worker did each chunk, and in how many attempts.
    expect(workers?.map((w) => w.index)).toEqual([0, 1, 2, 3, 4])
    expect(new Set(workers?.map((w) => w.worker))).toEqual(new Set(['direct', 'remote']))
    expect(workers?.every((w) => w.attempts === 1)).toBe(true)
    const manifest = JSON.parse(readFileSync(join(job.outputs!.dir, 'job.json'), 'utf8')) as { plan: { chunking: { workers: unknown } } }
    expect(manifest.plan.chunking.workers).toEqual(workers)

    // Both took chunks, and the one that cannot see the file read it through the coordinator.
    expect(direct.stderr()).toMatch(/delivered 2 rung files/)
    expect(remote.stderr()).toMatch(/delivered 2 rung files/)
    expect(direct.stderr()).toMatch(/source read directly at /)
    expect(remote.stderr()).toMatch(/source read through the coordinator/)
    expect(remote.stderr()).not.toMatch(/source read directly/)

    const single = await encodeFile(source, join(root, 'single'), { ...SETTINGS, chunkSeconds: 0 })
    const a = await inspectPackage(single.outputs.dir, { segmentSeconds: 2 })
    const b = await inspectPackage(job.outputs!.dir, { segmentSeconds: 2 })
    expect(b.problems).toEqual([])
    expect(a.problems).toEqual([])
    expect(b.variants.map((v) => v.segments.length)).toEqual(a.variants.map((v) => v.segments.length))
    for (const [i, variant] of b.variants.entries()) {
      for (const [n, segment] of variant.segments.entries()) expect(segment.duration).toBeCloseTo(a.variants[i]!.segments[n]!.duration, 2)
    }
    // Nothing of the job is left on the queue.
    expect(await lab.chunkJobsOf(jobId)).toEqual([])
  }, 400_000)

  it('hands the MP4 download’s picture of each chunk back with its rungs, and the coordinator joins it', async () => {
    const { lab, media } = suite
    const clip = await makeClip(media, 'with mp4', { seconds: 10, fps: 25 })
    const studio = lab.server.runtime.studio
    const { created } = await studio.jobs.add({ sources: [clip], settings: { ...SETTINGS, mp4: {} } })
    const jobId = created[0]!.id
    await waitUntil('the MP4 job to finish on the workers', () => ['COMPLETED', 'FAILED'].includes(studio.jobs.get(jobId).status), { timeoutMs: 300_000, intervalMs: 250 })
    const job = studio.jobs.get(jobId)
    expect(job.error?.message).toBeUndefined()
    expect(job.plan?.chunking?.workers?.length).toBe(3)
    const mp4 = await ffprobeJson(job.outputs!.download!, ['-count_frames', '-show_streams', '-show_format'])
    expect((mp4.streams as Array<Record<string, string>>).map((s) => s.codec_name)).toEqual(['h264', 'aac'])
    expect(Number((mp4.streams as Array<Record<string, string>>)[0]!.nb_read_frames)).toBe(250)
  }, 400_000)

  it('refuses wrong tokens and forged chunk ids in plain words', async () => {
    const { lab } = suite
    const base = lab.server.url
    const forged = `${base}/api/worker/chunks/job-forged-c0-a1`
    const asWorker = { authorization: `Bearer ${WORKER_TOKEN}` }

    const wrong = await fetch(`${forged}/source`, { headers: { authorization: 'Bearer not-the-worker-token-at-all' } })
    expect(wrong.status).toBe(401)
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/not this studio’s worker token/)
    // Serve's own token is no key to the worker routes.
    const serveToken = await fetch(`${forged}/source`, { headers: { authorization: `Bearer ${lab.server.token}` } })
    expect(serveToken.status).toBe(401)

    const unknown = await fetch(`${forged}/source`, { headers: asWorker })
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/No chunk "job-forged-c0-a1" is being encoded by this studio now/)

    const upload = await fetch(`${forged}/rungs/..%2F..%2Fstudio.json`, {
      method: 'PUT',
      headers: { ...asWorker, 'content-type': 'application/octet-stream', 'x-hls-studio-sha256': '0'.repeat(64) },
      body: 'not a rung'
    })
    expect(upload.status).toBe(404)

    const hello = await fetch(`${base}/api/worker/hello`, { headers: asWorker })
    expect(await hello.json()).toEqual({ ok: true, protocol: 1 })
    // The routes answer outside serve's reply hooks, so they set these themselves, refusals included.
    for (const answer of [hello, wrong, unknown, upload]) {
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff')
      expect(answer.headers.get('cache-control')).toBe('no-store')
    }
  })
})
