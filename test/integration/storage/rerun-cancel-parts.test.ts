import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listPendingMultipartUploads } from '../../../src/main/engine/storage/multipart-cleanup'
import { partSizeFor } from '../../../src/main/engine/storage/part-size'
import type { PublishRequest } from '../../../src/main/engine/storage/publisher'
import { S3Publisher } from '../../../src/main/engine/storage/s3-publisher'
import { pendingUploads } from '../../helpers/s3rver-multipart'
import { writeSyntheticPackage, type SyntheticPackage } from '../../helpers/hls-package'
import { LAB_BUCKET, startStorageLab, type StorageLab } from '../../helpers/storage-lab'

const MIB = 1024 * 1024
const FAST_RETRY = { maxAttempts: 6, baseDelayMs: 10, maxDelayMs: 100 }

function requestFor(pkg: SyntheticPackage, extra: Partial<PublishRequest> = {}): PublishRequest {
  return { job: pkg.job, packageDir: pkg.packageDir, manifest: pkg.manifest, targetName: 'lab', ...extra }
}

describe('rerun, cancel and multipart parts', () => {
  let lab: StorageLab
  let publisher: S3Publisher

  beforeAll(async () => {
    lab = await startStorageLab()
    await lab.addTarget('lab', { parallelism: 4 })
    publisher = new S3Publisher({ targets: lab.registry, retry: FAST_RETRY })
  })
  afterAll(async () => lab?.close())

  const writesTo = (prefix: string, from: number): number =>
    lab.proxy.requests.slice(from).filter((r) => r.key?.startsWith(`${prefix}/`) && r.method !== 'GET' && r.method !== 'HEAD').length

  it('a rerun skips objects already there, and re-sends only the one that differs', async () => {
    const pkg = await writeSyntheticPackage(lab.workDir, { variants: 2, segmentsPerVariant: 6, largeFile: { path: 'v0/single.mp4', bytes: 18 * MIB } })
    const first = await publisher.publish(requestFor(pkg))
    const prefix = first.keyPrefix

    const before = lab.proxy.requests.length
    const logs: string[] = []
    const again = await publisher.publish(requestFor(pkg, { onLog: (line) => logs.push(line) }))
    expect(writesTo(prefix, before)).toBe(0)
    expect(again.objectCount).toBe(first.objectCount)
    expect(logs.some((line) => /skipped 1[0-9] already there/.test(line))).toBe(true)

    // Same size, other bytes: the MD5 in the ETag tells them apart.
    const segment = `${prefix}/v1/seg_002.ts`
    const size = pkg.manifest.files.find((f) => f.path === 'v1/seg_002.ts')!.bytes
    await lab.direct.send(new PutObjectCommand({ Bucket: LAB_BUCKET, Key: segment, Body: Buffer.alloc(size, 1) }))
    const mark = lab.proxy.requests.length
    await publisher.publish(requestFor(pkg))
    const resent = lab.proxy.requests.slice(mark).filter((r) => r.method === 'PUT').map((r) => r.key)
    expect(resent).toEqual([segment])
  })

  it('sends a large file as equal-size parts within 10,000 parts', async () => {
    const bytes = 41 * MIB + 12_345
    const pkg = await writeSyntheticPackage(lab.workDir, { variants: 1, segmentsPerVariant: 2, largeFile: { path: 'v0/single.mp4', bytes } })
    const mark = lab.proxy.requests.length
    const { keyPrefix } = await publisher.publish(requestFor(pkg))
    const parts = lab.proxy.requests
      .slice(mark)
      .filter((r) => r.key === `${keyPrefix}/v0/single.mp4` && r.method === 'PUT' && r.query.has('partNumber') && r.status === 200)
      .sort((a, b) => Number(a.query.get('partNumber')) - Number(b.query.get('partNumber')))
    const partSize = partSizeFor(bytes)
    expect(parts.map((p) => Number(p.query.get('partNumber')))).toEqual(Array.from({ length: Math.ceil(bytes / partSize) }, (_, i) => i + 1))
    for (const part of parts.slice(0, -1)) expect(part.contentLength).toBe(partSize)
    expect(parts.at(-1)!.contentLength).toBe(bytes - partSize * (parts.length - 1))
    expect(parts.length).toBeLessThanOrEqual(10_000)
    expect((await lab.readObject(`${keyPrefix}/v0/single.mp4`)).length).toBe(bytes)
  })

  it('a publish given an already-cancelled signal sends nothing', async () => {
    const pkg = await writeSyntheticPackage(lab.workDir, { variants: 1, segmentsPerVariant: 2 })
    const mark = lab.proxy.requests.length
    await expect(publisher.publish(requestFor(pkg, { signal: AbortSignal.abort() }))).rejects.toMatchObject({ name: 'AbortError' })
    expect(lab.proxy.requests.length).toBe(mark)
  })

  it('cancelling mid-upload aborts multipart uploads: ListMultipartUploads is empty', async () => {
    const pkg = await writeSyntheticPackage(lab.workDir, {
      variants: 2,
      segmentsPerVariant: 30,
      segmentBytes: 256 * 1024,
      largeFile: { path: 'v0/single.mp4', bytes: 120 * MIB }
    })
    const controller = new AbortController()
    let sawParts = false
    const attempt = publisher.publish(
      requestFor(pkg, {
        signal: controller.signal,
        onProgress: (p) => {
          // Cancel once parts of the large file are on the server and more are in flight.
          sawParts ||= lab.proxy.requests.some((r) => r.key?.endsWith('v0/single.mp4') && r.query.has('partNumber') && r.status === 200)
          if (sawParts && p.transferredBytes > 24 * MIB) controller.abort()
        }
      })
    )
    await expect(attempt).rejects.toMatchObject({ name: 'AbortError' })
    expect(sawParts).toBe(true)
    const prefix = `${pkg.job.slug}/${pkg.job.id}`
    expect(await listPendingMultipartUploads(lab.direct, LAB_BUCKET, prefix)).toEqual([])
    expect(await pendingUploads(lab.server.directory, LAB_BUCKET)).toEqual([])
    // The master never went up: a cancelled publish never looks finished.
    expect(lab.proxy.requests.some((r) => r.key === `${prefix}/master.m3u8` && r.method === 'PUT')).toBe(false)
  })
})
