import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createS3Client } from '../../../src/main/engine/storage/s3-client'
import { S3Publisher } from '../../../src/main/engine/storage/s3-publisher'
import type { PublishProgress } from '../../../src/main/engine/storage/publisher'
import type { RetryPolicy } from '../../../src/main/engine/retry'
import { writeSyntheticPackage } from '../../helpers/hls-package'
import { LAB_BUCKET, LAB_SECRET, startStorageLab, type StorageLab } from '../../helpers/storage-lab'

const FAST_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 10, maxDelayMs: 100 }
const MIB = 1024 * 1024

async function expectBucketHoldsPackage(lab: StorageLab, prefix: string, packageDir: string, files: string[]): Promise<void> {
  for (const path of files) {
    const remote = await lab.readObject(`${prefix}/${path}`)
    const local = await readFile(join(packageDir, ...path.split('/')))
    expect(remote.equals(local), path).toBe(true)
  }
}

describe('publishing through a faulty S3 endpoint', () => {
  let lab: StorageLab

  beforeAll(async () => {
    lab = await startStorageLab({ faults: { slowDownRate: 0.15, resetRate: 0.1, seed: 7 } })
    await lab.addTarget('lab')
  })
  afterAll(async () => lab?.close())

  it('publishes every object byte-identical, in order, with the right headers, and verifies it', async () => {
    const pkg = await writeSyntheticPackage(lab.workDir, {
      variants: 3,
      segmentsPerVariant: 12,
      segmentBytes: (v, s) => 40_000 + v * 7_919 + s * 1_733,
      images: ['thumbnails/poster.jpg', 'thumbnails/sprite.png'],
      largeFile: { path: 'v0/single.mp4', bytes: 19 * MIB }
    })
    const logs: string[] = []
    const progress: PublishProgress[] = []
    const publisher = new S3Publisher({ targets: lab.registry, retry: FAST_RETRY })
    const published = await publisher.publish({
      job: pkg.job,
      packageDir: pkg.packageDir,
      manifest: pkg.manifest,
      targetName: 'lab',
      onProgress: (p) => progress.push(p),
      onLog: (line) => logs.push(line)
    })

    const prefix = `${pkg.job.slug}/${pkg.job.id}`
    const expectedFiles = [...pkg.manifest.files.map((f) => f.path), 'job.json']
    expect(published).toMatchObject({
      target: 'lab',
      keyPrefix: prefix,
      masterPlaylistUrl: `${lab.proxy.endpoint}/${LAB_BUCKET}/${prefix}/master.m3u8`,
      publicUrl: `${lab.proxy.endpoint}/${LAB_BUCKET}/${prefix}/master.m3u8`,
      objectCount: expectedFiles.length
    })

    // The proxy really misbehaved, and the upload got through anyway.
    const faults = lab.proxy.requests.filter((r) => r.fault === 'slowdown' || r.fault === 'reset')
    expect(faults.some((r) => r.fault === 'slowdown')).toBe(true)
    expect(faults.some((r) => r.fault === 'reset')).toBe(true)
    await expectBucketHoldsPackage(lab, prefix, pkg.packageDir, expectedFiles)

    // Order: every other object was stored before the master was first sent; playlists after media.
    const stored = (key: string): number[] =>
      lab.proxy.requests.filter((r) => r.key === key && r.endSeq !== undefined && (r.status ?? 0) < 300 && r.method !== 'GET').map((r) => r.endSeq!)
    const firstSent = (key: string): number => Math.min(...lab.proxy.requests.filter((r) => r.key === key && r.method !== 'GET').map((r) => r.startSeq))
    const masterStart = firstSent(`${prefix}/master.m3u8`)
    const playlistStarts = ['v0', 'v1', 'v2'].map((v) => firstSent(`${prefix}/${v}/index.m3u8`))
    for (const file of pkg.manifest.files.filter((f) => f.kind !== 'master')) {
      expect(Math.max(...stored(`${prefix}/${file.path}`)), file.path).toBeLessThan(masterStart)
      if (file.kind !== 'playlist') expect(Math.max(...stored(`${prefix}/${file.path}`)), file.path).toBeLessThan(Math.min(...playlistStarts))
    }

    // Progress ends complete, in bytes and segments.
    const last = progress.at(-1)!
    expect(last.transferredBytes).toBe(last.totalBytes)
    const segments = pkg.manifest.files.filter((f) => f.kind === 'segment').length
    expect(segments).toBeGreaterThanOrEqual(36)
    expect(last.totalSegments).toBe(segments)
    expect(last.completedSegments).toBe(segments)

    // No secret anywhere a person or a log could see it.
    expect(JSON.stringify({ logs, progress, published })).not.toContain(LAB_SECRET)
  })

  it('retries each object itself when the SDK gives up (SDK retries off)', async () => {
    const pkg = await writeSyntheticPackage(lab.workDir, { variants: 2, segmentsPerVariant: 10, largeFile: { path: 'v1/single.mp4', bytes: 17 * MIB } })
    const logs: string[] = []
    const publisher = new S3Publisher({
      targets: lab.registry,
      retry: FAST_RETRY,
      createClient: (target, secret) => createS3Client(target, secret, { maxAttempts: 1 })
    })
    const published = await publisher.publish({ job: pkg.job, packageDir: pkg.packageDir, manifest: pkg.manifest, targetName: 'lab', onLog: (line) => logs.push(line) })
    expect(logs.filter((line) => line.startsWith('Retrying')).length).toBeGreaterThan(0)
    await expectBucketHoldsPackage(lab, published.keyPrefix, pkg.packageDir, [...pkg.manifest.files.map((f) => f.path), 'job.json'])
  })

  it('guards every byte sent: a checksum the service verifies, or a signed payload hash', async () => {
    // R2's preset: no SDK checksums, so single PUTs carry Content-MD5 and parts a signed SHA-256.
    await lab.addTarget('lab-r2', { provider: 'r2' })
    const pkg = await writeSyntheticPackage(lab.workDir, { variants: 1, segmentsPerVariant: 3, largeFile: { path: 'v0/single.mp4', bytes: 9 * MIB } })
    const mark = lab.proxy.requests.length
    for (const targetName of ['lab', 'lab-r2']) {
      await new S3Publisher({ targets: lab.registry, retry: FAST_RETRY }).publish({ job: pkg.job, packageDir: pkg.packageDir, manifest: { ...pkg.manifest, slug: targetName }, targetName })
    }
    const puts = lab.proxy.requests.slice(mark).filter((r) => r.method === 'PUT' && r.status === 200)
    expect(puts.length).toBeGreaterThan(10)
    for (const put of puts) {
      const guarded = put.checksums.length > 0 || /^[0-9a-f]{64}$/.test(put.payloadHash ?? '')
      expect(guarded, `${put.key} ${put.payloadHash} ${put.checksums.join()}`).toBe(true)
    }
    const r2Puts = puts.filter((r) => r.key?.startsWith('lab-r2/'))
    expect(r2Puts.filter((r) => !r.query.has('partNumber')).every((r) => r.checksums.includes('content-md5'))).toBe(true)
    expect(r2Puts.filter((r) => r.query.has('partNumber')).every((r) => r.checksums.length === 0 && r.payloadHash !== 'UNSIGNED-PAYLOAD')).toBe(true)
    expect(puts.filter((r) => r.key?.startsWith('lab/')).every((r) => r.checksums.includes('x-amz-checksum-crc32'))).toBe(true)
  })

  it('sends bodies of 2 MB and more at once, without waiting for 100 Continue on a connection of their own', async () => {
    // The SDK's default adds Expect: 100-continue from 2 MB up, and then bypasses the keep-alive agent.
    const pkg = await writeSyntheticPackage(lab.workDir, { variants: 1, segmentsPerVariant: 3, segmentBytes: () => 3_000_000, largeFile: { path: 'v0/single.mp4', bytes: 9 * MIB } })
    const mark = lab.proxy.requests.length
    await new S3Publisher({ targets: lab.registry, retry: FAST_RETRY }).publish({ job: pkg.job, packageDir: pkg.packageDir, manifest: { ...pkg.manifest, slug: 'no-expect' }, targetName: 'lab' })
    const bigPuts = lab.proxy.requests.slice(mark).filter((r) => r.method === 'PUT' && r.contentLength >= 2_000_000)
    expect(bigPuts.length).toBeGreaterThanOrEqual(4)
    expect(bigPuts.filter((r) => r.expectContinue).map((r) => r.key)).toEqual([])
  })

  it('sets Content-Type and Cache-Control per kind of file', async () => {
    const pkg = await writeSyntheticPackage(lab.workDir, { variants: 1, segmentsPerVariant: 2, segmentFormat: 'fmp4', images: ['thumbnails/poster.jpg'] })
    const publisher = new S3Publisher({ targets: lab.registry, retry: FAST_RETRY })
    const { keyPrefix } = await publisher.publish({ job: pkg.job, packageDir: pkg.packageDir, manifest: pkg.manifest, targetName: 'lab' })
    const head = async (path: string) => lab.direct.send(new HeadObjectCommand({ Bucket: LAB_BUCKET, Key: `${keyPrefix}/${path}` }))
    const expectations: Array<[string, string, RegExp]> = [
      ['master.m3u8', 'application/vnd.apple.mpegurl', /^public, max-age=60$/],
      ['v0/index.m3u8', 'application/vnd.apple.mpegurl', /^public, max-age=60$/],
      ['v0/init.mp4', 'video/mp4', /max-age=31536000, immutable/],
      ['v0/seg_000.m4s', 'video/mp4', /max-age=31536000, immutable/],
      ['thumbnails/poster.jpg', 'image/jpeg', /max-age=31536000/],
      ['job.json', 'application/json', /max-age=60$/]
    ]
    for (const [path, type, cache] of expectations) {
      const answer = await head(path)
      expect(answer.ContentType, path).toBe(type)
      expect(answer.CacheControl, path).toMatch(cache)
    }
  })
})
