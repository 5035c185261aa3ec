import { S3Client, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveTargetInput, type StorageTarget } from '../../../src/shared/targets'
import { testConnection } from '../../../src/main/engine/storage/connection-test'
import { createS3Client } from '../../../src/main/engine/storage/s3-client'
import { toStorageError } from '../../../src/main/engine/storage/storage-errors'
import { S3Publisher } from '../../../src/main/engine/storage/s3-publisher'
import { writeSyntheticPackage } from '../../helpers/hls-package'
import { S3RVER_ACCESS_KEY_ID } from '../../helpers/s3-server'
import { LAB_BUCKET, LAB_SECRET, READ_ONLY_KEY_ID, READ_ONLY_SECRET, startStorageLab, type StorageLab } from '../../helpers/storage-lab'

describe('connection test and plain-words errors', () => {
  let lab: StorageLab
  const target = (overrides: Partial<Parameters<typeof resolveTargetInput>[0]> = {}): StorageTarget =>
    resolveTargetInput({ name: 'lab', provider: 'minio', endpoint: lab.proxy.endpoint, bucket: LAB_BUCKET, ...overrides })
  const run = async (t: StorageTarget, accessKeyId: string, secretAccessKey: string, extra: Partial<Parameters<typeof testConnection>[0]> = {}) => {
    const client = createS3Client(t, { accessKeyId, secretAccessKey })
    try {
      return await testConnection({ client, target: t, ...extra })
    } finally {
      client.destroy()
    }
  }

  beforeAll(async () => {
    lab = await startStorageLab()
  })
  afterAll(async () => lab?.close())

  it('passes every check with good keys, and reports then applies CORS', async () => {
    const before = await run(target(), S3RVER_ACCESS_KEY_ID, LAB_SECRET)
    expect(before.ok).toBe(true)
    expect(before.checks.map((c) => [c.name, c.ok])).toEqual([
      ['endpoint', true],
      ['credentials', true],
      ['bucket', true],
      ['write', true],
      ['delete', true],
      ['cors', false]
    ])
    expect(before.cors).toMatchObject({ allowsPlayback: false, rules: 0 })
    // The probe object is gone again.
    const listed = await lab.direct.send(new ListObjectsV2Command({ Bucket: LAB_BUCKET }))
    expect((listed.Contents ?? []).filter((o) => o.Key?.includes('.hls-studio-probe-'))).toEqual([])

    const after = await run(target(), S3RVER_ACCESS_KEY_ID, LAB_SECRET, { applyCors: true, origins: ['http://127.0.0.1:8686', '*'] })
    expect(after.cors).toMatchObject({ allowsPlayback: true, rules: 1 })
    const narrow = await run(target(), S3RVER_ACCESS_KEY_ID, LAB_SECRET, { origins: ['https://studio.example'] })
    expect(narrow.cors?.allowsPlayback).toBe(true)
  })

  it('says so plainly when the access key id is unknown', async () => {
    const result = await run(target(), 'AKIAWRONGWRONG', 'whatever-secret-1')
    expect(result.ok).toBe(false)
    const failed = result.checks.find((c) => !c.ok)!
    expect(failed.name).toBe('credentials')
    expect(failed.detail).toMatch(/access key ID for target "lab" is not known/)
  })

  it('says so plainly when the secret does not match the key', async () => {
    const wrongSecret = 'not-the-lab-secret-xyz'
    const result = await run(target(), S3RVER_ACCESS_KEY_ID, wrongSecret)
    const failed = result.checks.find((c) => !c.ok)!
    expect(failed.name).toBe('credentials')
    expect(failed.detail).toMatch(/secret access key .* does not match/)
    expect(JSON.stringify(result)).not.toContain(wrongSecret)
  })

  it('says so plainly when the bucket does not exist', async () => {
    const result = await run(target({ bucket: 'no-such-bucket' }), S3RVER_ACCESS_KEY_ID, LAB_SECRET)
    const failed = result.checks.find((c) => !c.ok)!
    expect(failed.name).toBe('bucket')
    expect(failed.detail).toMatch(/bucket "no-such-bucket" does not exist/)
  })

  it('says so plainly when the endpoint cannot be reached', async () => {
    const closed = await startStorageLab()
    const endpoint = closed.proxy.endpoint
    await closed.close()
    const result = await run(target({ endpoint }), S3RVER_ACCESS_KEY_ID, LAB_SECRET)
    const failed = result.checks.find((c) => !c.ok)!
    expect(failed.name).toBe('endpoint')
    expect(failed.detail).toMatch(/Could not reach the storage endpoint .* \(ECONNREFUSED\)/)
  })

  it('says so plainly when the keys may read but not write', async () => {
    const result = await run(target(), READ_ONLY_KEY_ID, READ_ONLY_SECRET)
    expect(result.checks.slice(0, 3).every((c) => c.ok)).toBe(true)
    const failed = result.checks.find((c) => !c.ok)!
    expect(failed.name).toBe('write')
    expect(failed.detail).toMatch(/valid but not allowed/)
  })

  it('names clock skew when the SDK cannot correct it', async () => {
    // A client an hour behind with no retry: the SDK's own skew correction needs a retry.
    const t = target()
    const client = new S3Client({
      endpoint: t.endpoint,
      region: t.region,
      forcePathStyle: true,
      credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: LAB_SECRET },
      systemClockOffset: -3_600_000,
      maxAttempts: 1
    })
    const error = await client.send(new ListObjectsV2Command({ Bucket: LAB_BUCKET })).catch((e: unknown) => e)
    client.destroy()
    const plain = toStorageError(error, { target: t, action: 'listing' })
    expect(plain.code).toBe('STORAGE_CLOCK_SKEW')
    expect(plain.message).toMatch(/clock differs too much/)
  })

  it('fails a publish with wrong keys in plain words, without the secret', async () => {
    const wrongSecret = 'definitely-wrong-secret-42'
    await lab.addTarget('badkeys', {}, { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: wrongSecret })
    const pkg = await writeSyntheticPackage(lab.workDir, { variants: 1, segmentsPerVariant: 2 })
    const logs: string[] = []
    const publisher = new S3Publisher({ targets: lab.registry, retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } })
    const error = await publisher
      .publish({ job: pkg.job, packageDir: pkg.packageDir, manifest: pkg.manifest, targetName: 'badkeys', onLog: (line) => logs.push(line) })
      .then(
        () => new Error('published with wrong keys'),
        (e: unknown) => e as Error
      )
    expect(error).toMatchObject({ code: 'STORAGE_CREDENTIALS' })
    expect(error.message).toMatch(/does not match its access key ID/)
    expect(`${error.message}${error.stack}${JSON.stringify(logs)}`).not.toContain(wrongSecret)
  })
})
