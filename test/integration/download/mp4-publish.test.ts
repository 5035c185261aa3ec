/**
 * The MP4 download published with the package to a private bucket (s3rver behind the signing
 * proxy): saved under the title, cached long, read by Range through a presigned `share --mp4`
 * link and through the studio's playback proxy, byte for byte.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Job, PackageManifest, PublishedLocation } from '../../../src/shared/job'
import type { EncodeJobResult } from '../../../src/main/engine/pipeline/encode-job'
import { PlaybackProxy } from '../../../src/main/engine/storage/playback-proxy'
import { S3Publisher } from '../../../src/main/engine/storage/s3-publisher'
import { S3StorageProvider } from '../../../src/main/engine/storage/s3-storage-provider'
import { sharePackage } from '../../../src/main/engine/use-cases/share-package'
import { encodeFile } from '../../helpers/encode'
import { testJob } from '../../helpers/hls-package'
import { makeClip } from '../../helpers/media'
import { LAB_BUCKET, startStorageLab, type StorageLab } from '../../helpers/storage-lab'

const TITLE = 'Café "final" cut/2'

describe('the MP4 download in a private bucket', () => {
  // One encode and one publish for every case below.
  let lab: StorageLab
  let encoded: EncodeJobResult
  let job: Job
  let published: PublishedLocation
  let provider: S3StorageProvider
  let local: Buffer

  beforeAll(async () => {
    lab = await startStorageLab()
    await lab.addTarget('vault', { visibility: 'private' })
    const clip = await makeClip(lab.workDir, 'cut', { width: 320, height: 240, seconds: 4 })
    encoded = await encodeFile(clip, join(lab.workDir, 'out'), { segmentSeconds: 2, ladder: [240], images: false, quality: false, mp4: {} }, { title: TITLE })
    const { manifest, outputs } = encoded
    job = testJob({ id: manifest.jobId, slug: manifest.slug, title: manifest.title, outputDir: join(lab.workDir, 'out'), createdAt: manifest.createdAt })
    published = await new S3Publisher({ targets: lab.registry }).publish({ job, packageDir: outputs.dir, manifest, targetName: 'vault' })
    provider = new S3StorageProvider({ targets: lab.registry })
    local = await readFile(outputs.download!)
  })
  const shareMp4 = (manifest: PackageManifest): ReturnType<typeof sharePackage> =>
    sharePackage(provider, { located: { local: { packageDir: encoded.outputs.dir, manifest, job } }, targetName: 'vault', expiresInSeconds: 3600, ref: 'cut', mp4: true })
  afterAll(async () => {
    provider?.close()
    await lab?.close()
  })

  it('is stored as video/mp4, an attachment named after the title, cached for a year', async () => {
    const key = `${published.keyPrefix}/${encoded.manifest.download!.path}`
    expect(published.downloadUrl).toBe(`${lab.proxy.endpoint}/${LAB_BUCKET}/${key}`)
    const head = await lab.direct.send(new HeadObjectCommand({ Bucket: LAB_BUCKET, Key: key }))
    expect(head.ContentType).toBe('video/mp4')
    expect(head.ContentDisposition).toBe(`attachment; filename="Cafe final cut 2.mp4"; filename*=UTF-8''Caf%C3%A9%20final%20cut%202.mp4`)
    expect(head.CacheControl).toBe('private, max-age=31536000, immutable')
    expect(head.ContentLength).toBe(local.length)
    // Private: the bucket's own URL opens for nobody without a signature.
    expect((await fetch(published.downloadUrl!)).status).toBe(403)
  })

  it('share --mp4 gives a presigned link that answers a Range request with 206 and the right bytes', async () => {
    const link = await shareMp4(encoded.manifest)
    expect(new URL(link.url).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/)
    const answer = await fetch(link.url, { headers: { Range: 'bytes=100-1099' } })
    expect(answer.status).toBe(206)
    expect(answer.headers.get('content-range')).toBe(`bytes 100-1099/${local.length}`)
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="Cafe final cut 2\.mp4"/)
    expect(Buffer.from(await answer.arrayBuffer()).equals(local.subarray(100, 1100))).toBe(true)
  })

  it('plays by Range through the studio’s playback proxy', async () => {
    const proxy = new PlaybackProxy({ objects: provider })
    await proxy.start()
    try {
      const url = proxy.playbackUrl('vault', `${published.keyPrefix}/${encoded.manifest.download!.path}`)
      const answer = await fetch(url, { headers: { Range: `bytes=${local.length - 500}-` } })
      expect(answer.status).toBe(206)
      expect(answer.headers.get('content-type')).toBe('video/mp4')
      expect(Buffer.from(await answer.arrayBuffer()).equals(local.subarray(local.length - 500))).toBe(true)
    } finally {
      await proxy.close()
    }
  })

  it('share --mp4 of a package without one says how to make it', async () => {
    await expect(shareMp4({ ...encoded.manifest, download: undefined })).rejects.toThrow('cut has no MP4 download. Encode it with --mp4')
  })
})
