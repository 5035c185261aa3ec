/**
 * A chunked job with a target: the segments of finished chunks reach the bucket while later
 * chunks still encode, and the playlists and the master only after the encode, master last;
 * a bucket that refuses them during the encode stops nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Browser } from 'playwright-core'
import { ListObjectsV2Command, type _Object } from '@aws-sdk/client-s3'
import type { PackageManifest } from '@shared/job'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStudio, type Studio } from '../../../src/main/engine/studio'
import { launchChromium } from '../../helpers/browser'
import { holesIn, probeBuffers, serveProbePages } from '../../helpers/buffer-probe'
import { makeClip } from '../../helpers/media'
import { LAB_BUCKET, startStorageLab, type StorageLab } from '../../helpers/storage-lab'

async function listBucket(lab: StorageLab, prefix: string): Promise<_Object[]> {
  const out = await lab.direct.send(new ListObjectsV2Command({ Bucket: LAB_BUCKET, Prefix: `${prefix}/` }))
  return out.Contents ?? []
}

describe('uploading while encoding', () => {
  let lab: StorageLab
  let studio: Studio
  let browser: Browser

  beforeAll(async () => {
    browser = await launchChromium()
    lab = await startStorageLab()
    await lab.addTarget('lab')
    studio = await openStudio({ dataDir: lab.dataDir, env: {}, retry: { baseDelayMs: 10 } })
    studio.start({ watchFolders: false, controlRequests: false })
  })
  afterAll(async () => {
    await studio?.shutdown()
    await lab?.close()
    await browser?.close()
  })

  it('sends finished chunks during the encode, then playlists, master last', async () => {
    // 20 s at 2 s segments and 2-segment chunks: 5 chunks, one process at a time.
    const clip = await makeClip(lab.workDir, 'longer', { seconds: 20, fps: 25 })
    const settings = { segmentSeconds: 2, chunkSeconds: 4, parallelChunks: 1, ladder: [240, 144], preset: 'slower' as const, images: false }
    const { created } = await studio.jobs.add({ sources: [clip], outputDir: join(lab.workDir, 'out'), target: 'lab', settings })
    const jobId = created[0]!.id
    const prefix = `longer/${jobId}`
    // What the job row is told while it encodes: segments uploaded of the package's total.
    const counts: Array<{ completed?: number; total?: number }> = []
    const unsubscribe = studio.subscribe((event) => {
      if (event.type === 'job-updated' && event.job.id === jobId && event.job.status === 'ENCODING' && event.job.progress.totalSegments !== undefined) {
        counts.push({ completed: event.job.progress.completedSegments, total: event.job.progress.totalSegments })
      }
    })

    // Watch the bucket while the job encodes (each wait bounded by the encode itself and a deadline).
    let seenWhileEncoding: string[] = []
    const deadline = Date.now() + 120_000
    while (Date.now() < deadline) {
      const status = studio.jobs.get(jobId).status
      if (status !== 'QUEUED' && status !== 'PROBING' && status !== 'ENCODING') break
      const keys = (await listBucket(lab, prefix)).map((o) => o.Key!)
      if (studio.jobs.get(jobId).status === 'ENCODING' && keys.length > 0) seenWhileEncoding = keys
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await studio.whenIdle()
    const job = studio.jobs.get(jobId)
    expect(job.status).toBe('COMPLETED')
    expect(job.plan?.chunking?.chunkCount).toBe(5)

    expect(seenWhileEncoding.some((k) => /\/v0\/seg_\d+\.ts$/.test(k)), `segments in the bucket while encoding: ${seenWhileEncoding.join(', ')}`).toBe(true)
    expect(seenWhileEncoding.filter((k) => k.endsWith('.m3u8') || k.endsWith('job.json'))).toEqual([])
    // Never the last chunk's segments: the join may still fold its runt tail.
    expect(seenWhileEncoding.filter((k) => /seg_0000[89]\.ts$/.test(k))).toEqual([])

    const objects = await listBucket(lab, prefix)
    const master = objects.find((o) => o.Key === `${prefix}/master.m3u8`)
    expect(master).toBeDefined()
    for (const other of objects) expect(other.LastModified!.getTime(), other.Key).toBeLessThanOrEqual(master!.LastModified!.getTime())
    // What went up early is what the package holds.
    const packageDir = job.outputs!.dir
    for (const key of seenWhileEncoding) {
      const local = readFileSync(join(packageDir, key.slice(prefix.length + 1)))
      expect((await lab.readObject(key)).equals(local), key).toBe(true)
    }
    const log = await studio.jobs.readLog(jobId)
    expect(log).toMatch(/\d+ segments uploaded while encoding/)
    expect(log).toMatch(/skipped [1-9]\d* already there/)

    // The count climbs to what went up early, against every media segment the package holds.
    unsubscribe()
    const manifest = JSON.parse(readFileSync(join(packageDir, 'job.json'), 'utf8')) as PackageManifest
    const packageSegments = manifest.files.filter((f) => f.kind === 'segment').length
    expect(counts.length).toBeGreaterThan(0)
    expect(new Set(counts.map((c) => c.total))).toEqual(new Set([packageSegments]))
    const completed = counts.map((c) => c.completed ?? 0)
    expect(completed).toEqual([...completed].sort((a, b) => a - b))
    const earlyMedia = seenWhileEncoding.filter((k) => k.endsWith('.ts')).length
    expect(Math.max(...completed)).toBeGreaterThan(0)
    expect(Math.max(...completed)).toBeGreaterThanOrEqual(earlyMedia)
    expect(Math.max(...completed)).toBeLessThanOrEqual(Number(/(\d+) segments uploaded while encoding/.exec(log)![1]))

    // The bucket's copy, object by object, plays through every seam in hls.js and Shaka.
    const copy = join(lab.workDir, 'from-bucket')
    for (const object of objects) {
      const path = join(copy, object.Key!)
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, await lab.readObject(object.Key!))
    }
    const server = await serveProbePages(copy)
    try {
      for (const player of ['hlsjs', 'shaka'] as const) {
        const report = await probeBuffers(browser, `${server.url}/${player}.html`, `/media/${prefix}/master.m3u8`)
        expect(holesIn(report), player).toEqual([])
        for (const { ranges } of report.buffers) expect(ranges[0]![1]).toBeGreaterThan(report.duration - 0.1)
        if (player === 'shaka') expect(report.complaints).toEqual([])
      }
    } finally {
      await server.close()
    }
  }, 180_000)

  it('a bucket that refuses every upload during the encode stops nothing: the upload stage sends it all', async () => {
    const clip = await makeClip(lab.workDir, 'refused', { seconds: 20, fps: 25 })
    const settings = { segmentSeconds: 2, chunkSeconds: 4, parallelChunks: 1, ladder: [240], images: false }
    let jobId = ''
    // Every PUT is cut off while the job encodes; none once it uploads.
    lab.proxy.setFaults({ resetRate: 1, applies: (request) => request.method === 'PUT' && jobId !== '' && studio.jobs.get(jobId).status === 'ENCODING' })
    try {
      const { created } = await studio.jobs.add({ sources: [clip], outputDir: join(lab.workDir, 'out'), target: 'lab', settings })
      jobId = created[0]!.id
      await studio.whenIdle()
    } finally {
      lab.proxy.setFaults(undefined)
    }
    const job = studio.jobs.get(jobId)
    expect(job.status).toBe('COMPLETED')
    expect(job.plan?.chunking?.chunkCount).toBe(5)
    const log = await studio.jobs.readLog(jobId)
    expect(log).toMatch(/Could not upload v0\/seg_00000\.ts while encoding \(\w+/)
    expect(log).toMatch(/0 segments uploaded while encoding|segments uploaded while encoding, \d+ left for the upload stage/)
    const keys = (await listBucket(lab, `refused/${jobId}`)).map((o) => o.Key!)
    expect(keys).toContain(`refused/${jobId}/master.m3u8`)
    expect(keys.filter((k) => /\/v0\/seg_\d+\.ts$/.test(k))).toHaveLength(10)
  }, 180_000)
})
