/**
 * The UPLOADING stage inside the studio: a job whose keys are wrong fails at upload with a
 * plain message and no secret in any event; once the keys are fixed, retrying the upload
 * alone publishes it without encoding again.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StudioEvent } from '../../../src/shared/events'
import { openStudio, type Studio } from '../../../src/main/engine/studio'
import { makeClip } from '../../helpers/media'
import { S3RVER_ACCESS_KEY_ID } from '../../helpers/s3-server'
import { LAB_SECRET, startStorageLab, type StorageLab } from '../../helpers/storage-lab'

const WRONG_SECRET = 'wrong-secret-for-the-studio-77'

describe('publishing from the queue', () => {
  let lab: StorageLab
  let studio: Studio
  const events: StudioEvent[] = []

  beforeAll(async () => {
    lab = await startStorageLab({ faults: { slowDownRate: 0.1, resetRate: 0.05, seed: 3 } })
    await lab.addTarget('lab', {}, { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: WRONG_SECRET })
    studio = await openStudio({ dataDir: lab.dataDir, env: {}, retry: { baseDelayMs: 10 } })
    studio.subscribe((event) => events.push(event))
    studio.start({ watchFolders: false, controlRequests: false })
  })
  afterAll(async () => {
    await studio?.shutdown()
    await lab?.close()
  })

  it('fails at upload with wrong keys, then retries the upload alone once they are fixed', async () => {
    const clip = await makeClip(lab.workDir, 'queued', { seconds: 4 })
    const { created } = await studio.jobs.add({ sources: [clip], outputDir: join(lab.workDir, 'out'), target: 'lab', settings: { segmentSeconds: 2, ladder: [240], images: false } })
    const jobId = created[0]!.id
    await studio.whenIdle()
    const failed = studio.jobs.get(jobId)
    expect(failed.status).toBe('FAILED')
    expect(failed.error).toMatchObject({ code: 'STORAGE_CREDENTIALS', message: expect.stringMatching(/secret access key for target "lab" does not match/) })
    expect(failed.outputs?.dir).toBeDefined()

    await lab.addTarget('lab')
    const mark = events.length
    await studio.jobs.retryUpload(jobId)
    await studio.whenIdle()
    const done = studio.jobs.get(jobId)
    expect(done.status).toBe('COMPLETED')
    expect(done.outputs?.published).toMatchObject({ target: 'lab', keyPrefix: `queued/${jobId}` })
    const statusesAfterRetry = events.slice(mark).flatMap((e) => ('job' in e && e.job.id === jobId ? [e.job.status] : []))
    expect(statusesAfterRetry).toContain('UPLOADING')
    expect(statusesAfterRetry).not.toContain('ENCODING')
    const uploading = events.slice(mark).flatMap((e) => (e.type === 'job-updated' && e.job.status === 'UPLOADING' ? [e.job.progress] : []))
    expect(uploading.some((p) => (p.totalSegments ?? 0) > 0)).toBe(true)

    const everything = JSON.stringify(events)
    expect(everything).not.toContain(WRONG_SECRET)
    expect(everything).not.toContain(LAB_SECRET)
    expect(JSON.stringify(studio.jobs.list())).not.toContain(WRONG_SECRET)
    expect(await studio.jobs.readLog(jobId)).not.toContain(WRONG_SECRET)
  })
})
