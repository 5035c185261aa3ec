/**
 * The job routes of /api/v1 on a real serve: an idempotent retry of the POST, a path source
 * under a media root, listing with a status filter and pages, cancel, retry (whole and
 * upload-only), delete with and without outputs, and the error shape of each refusal.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi } from '../../helpers/api-client'
import { startMediaHttpServer, type MediaHttpServer } from '../../helpers/media-http-server'
import { makeClip } from '../../helpers/media'
import { startTestServer, type TestServer } from '../../helpers/serve'
import { waitUntil } from '../../helpers/wait'

const SMALL = { ladder: [144], images: false, segmentSeconds: 1, chunkSeconds: 0 }

describe('/api/v1 jobs', () => {
  let t: TestServer
  let clip: string
  let stalled: MediaHttpServer
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => callApi(t.server.url, t.server.token, method, path, body, headers)
  const statusOf = async (id: string): Promise<string> => (await api('GET', `/jobs/${id}`)).body.jobStatus

  beforeAll(async () => {
    t = await startTestServer({ addressAllowed: (a) => a === '127.0.0.1' })
    clip = await makeClip(t.workDir, 'interview', { seconds: 2 })
    // Answers nothing at first: a job that stays DOWNLOADING until cancelled; then the file.
    stalled = await startMediaHttpServer(readFileSync(clip), { silentOnRequests: [0] })
  })
  afterAll(async () => {
    await t?.close()
    await stalled?.close()
  })

  it('answers a retried POST with the same Idempotency-Key with the first job, and a reused key with another body with 409', async () => {
    const body = { path: clip, title: 'Interview', settings: SMALL }
    const first = await api('POST', '/jobs', body, { 'Idempotency-Key': 'upload-42' })
    expect(first.status).toBe(201)
    const again = await api('POST', '/jobs', body, { 'Idempotency-Key': 'upload-42' })
    expect(again.status).toBe(201)
    expect(again.body.jobId).toBe(first.body.jobId)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    const conflict = await api('POST', '/jobs', { ...body, title: 'Other' }, { 'Idempotency-Key': 'upload-42' })
    expect(conflict.status).toBe(409)
    expect(conflict.body.error.code).toBe('IDEMPOTENCY_CONFLICT')
    // Keys belong to their caller: the same key from another token is a new request.
    const { ApiTokenStore } = await import('../../../src/main/engine/automation/api-tokens')
    const other = (await new ApiTokenStore(t.dataDir).add('other-script')).token
    const elsewhere = await callApi(t.server.url, other, 'POST', '/jobs', { ...body, title: 'Other' }, { 'Idempotency-Key': 'upload-42' })
    expect(elsewhere.status).toBe(201)
    expect(elsewhere.body.jobId).not.toBe(first.body.jobId)
    expect((await callApi(t.server.url, other, 'DELETE', `/jobs/${elsewhere.body.jobId}`)).status).toBe(200)
    const jobs = (await api('GET', '/jobs')).body.jobs
    expect(jobs.map((j: { jobId: string }) => j.jobId)).toEqual([first.body.jobId])
    await waitUntil('the path job to complete', async () => (await statusOf(first.body.jobId)) === 'COMPLETED', { timeoutMs: 120_000 })
  })

  it('refuses bad input in plain words with fitting statuses', async () => {
    const both = await api('POST', '/jobs', { url: 'https://example.com/a.mp4', path: clip })
    expect(both.status).toBe(400)
    expect(both.body.error.message).toContain('exactly one of "url" or "path"')
    const outside = await api('POST', '/jobs', { path: '/etc/passwd' })
    expect(outside.status).toBe(400)
    expect(outside.body.error.message).toContain('--media-root')
    const ftp = await api('POST', '/jobs', { url: 'ftp://example.com/a.mp4' })
    expect(ftp.status).toBe(400)
    const notJson = await fetch(`${t.server.url}/api/v1/jobs`, { method: 'POST', headers: { authorization: `Bearer ${t.server.token}`, 'content-type': 'application/json' }, body: '{"url":' })
    expect(notJson.status).toBe(400)
    expect((await notJson.json()).error.code).toBe('INVALID_INPUT')
    const missing = await api('GET', '/jobs/job-00000000-0000-0000-0000-000000000000')
    expect(missing.status).toBe(404)
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND' })
    expect((await api('GET', '/jobs/nope')).status).toBe(400)
    const unknownRoute = await api('GET', '/jobz')
    expect(unknownRoute.status).toBe(404)
    expect(unknownRoute.body.error.message).toContain('/api/v1/docs')
    expect((await api('GET', '/jobs?status=DONE')).body.error.message).toContain('DONE is not a job status')
  })

  it('cancels a running job, retries it to completion, and filters and pages the list', async () => {
    const created = await api('POST', '/jobs', { url: stalled.url('/slow.mp4'), title: 'Slow one', settings: SMALL })
    expect(created.status).toBe(201)
    const id = created.body.jobId
    await waitUntil('the download to start', async () => (await statusOf(id)) === 'DOWNLOADING')
    const cancelled = await api('POST', `/jobs/${id}/cancel`)
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.jobStatus).toBe('CANCELLED')
    const twice = await api('POST', `/jobs/${id}/cancel`)
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('INVALID_TRANSITION')
    const uploadOnly = await api('POST', `/jobs/${id}/retry`, { uploadOnly: true })
    expect(uploadOnly.status).toBeGreaterThanOrEqual(400)
    expect(uploadOnly.body.error.message).toBeTruthy()
    const retried = await api('POST', `/jobs/${id}/retry`, {})
    expect(retried.status).toBe(200)
    expect(retried.body.jobStatus).toBe('QUEUED')
    await waitUntil('the retried job to complete', async () => (await statusOf(id)) === 'COMPLETED', { timeoutMs: 120_000 })

    const completed = await api('GET', '/jobs?status=completed')
    expect(completed.body.jobs).toHaveLength(2)
    expect((await api('GET', '/jobs?status=FAILED,CANCELLED')).body.jobs).toEqual([])
    const page1 = await api('GET', '/jobs?limit=1')
    expect(page1.body.jobs[0].jobId).toBe(id)
    const page2 = await api('GET', `/jobs?limit=1&cursor=${page1.body.nextCursor}`)
    expect(page2.body.jobs).toHaveLength(1)
    expect(page2.body.jobs[0].jobId).not.toBe(id)
    expect(page2.body.nextCursor).toBeNull()
    expect((await api('GET', '/jobs?cursor=garbage')).status).toBe(400)
  })

  it('deletes a job alone, or with its local package', async () => {
    const jobs = (await api('GET', '/jobs?status=COMPLETED')).body.jobs as Array<{ jobId: string; slug: string }>
    const [kept, removed] = jobs
    const keptDir = join(t.outputDir, kept!.slug, kept!.jobId)
    const removedDir = join(t.outputDir, removed!.slug, removed!.jobId)
    expect(existsSync(keptDir) && existsSync(removedDir)).toBe(true)

    expect((await api('DELETE', `/jobs/${kept!.jobId}`)).body).toEqual({ deleted: kept!.jobId })
    expect(existsSync(keptDir)).toBe(true)
    expect((await api('DELETE', `/jobs/${removed!.jobId}?outputs=local`)).body).toEqual({ deleted: removed!.jobId })
    expect(existsSync(removedDir)).toBe(false)
    const remote = await api('DELETE', `/jobs/${removed!.jobId}?outputs=remote`)
    expect(remote.status).toBe(404)
    expect((await api('DELETE', `/jobs/${kept!.jobId}?outputs=everything`)).status).toBe(400)
    expect((await api('GET', '/jobs')).body.jobs).toEqual([])
    // The package kept on disk is still in the Library, from its job.json.
    const library = await api('GET', '/library')
    expect(library.body.collections.flatMap((c: { items: Array<{ jobId: string }> }) => c.items.map((i) => i.jobId))).toEqual([kept!.jobId])
  })
})
