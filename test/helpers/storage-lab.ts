/**
 * A complete storage lab for tests: s3rver, the checking/faulty proxy in front of it, a data
 * dir with a target named "lab" pointing at the proxy, and a direct client that bypasses
 * the proxy to look at what really landed in the bucket.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import type { TargetInput } from '../../src/shared/targets'
import { createHeadlessTargetRegistry, type TargetRegistry } from '../../src/main/engine/storage/target-registry'
import { startS3Proxy, type FaultPlan, type S3Proxy } from './s3-proxy'
import { registerS3rverAccessKey, S3RVER_ACCESS_KEY_ID, startS3Server, type TestS3Server } from './s3-server'
import { tempDir } from './media'

export const LAB_BUCKET = 'lab-bucket'
export const LAB_SECRET = 'lab-secret-Zq81xPw0'
export const READ_ONLY_KEY_ID = 'READONLYKEY'
export const READ_ONLY_SECRET = 'read-only-secret-Hh27'

export interface StorageLab {
  server: TestS3Server
  proxy: S3Proxy
  dataDir: string
  workDir: string
  registry: TargetRegistry
  /** Straight to s3rver, no faults, no signature check: the truth about the bucket. */
  direct: S3Client
  addTarget(name: string, overrides?: Partial<TargetInput>, credentials?: { accessKeyId: string; secretAccessKey: string }): Promise<void>
  readObject(key: string): Promise<Buffer>
  close(): Promise<void>
}

export async function startStorageLab(options: { faults?: FaultPlan } = {}): Promise<StorageLab> {
  registerS3rverAccessKey(READ_ONLY_KEY_ID)
  const server = await startS3Server({ buckets: [LAB_BUCKET] })
  const proxy = await startS3Proxy({
    upstream: server.endpoint,
    faults: options.faults,
    verifySignatures: {
      secrets: new Map([
        [S3RVER_ACCESS_KEY_ID, LAB_SECRET],
        [READ_ONLY_KEY_ID, READ_ONLY_SECRET]
      ]),
      readOnlyKeys: new Set([READ_ONLY_KEY_ID])
    }
  })
  const data = tempDir('hls-studio-data-')
  const work = tempDir('hls-studio-work-')
  const registry = createHeadlessTargetRegistry(data.path, {})
  const direct = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: 'direct' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED'
  })
  const lab: StorageLab = {
    server,
    proxy,
    dataDir: data.path,
    workDir: work.path,
    registry,
    direct,
    async addTarget(name, overrides = {}, credentials = { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: LAB_SECRET }) {
      await registry.add({ target: { name, provider: 'minio', endpoint: proxy.endpoint, bucket: LAB_BUCKET, ...overrides }, credentials })
    },
    async readObject(key) {
      const answer = await direct.send(new GetObjectCommand({ Bucket: LAB_BUCKET, Key: key }))
      return Buffer.from(await answer.Body!.transformToByteArray())
    },
    async close() {
      direct.destroy()
      await proxy.close()
      await server.close()
      data.cleanup()
      work.cleanup()
    }
  }
  return lab
}
