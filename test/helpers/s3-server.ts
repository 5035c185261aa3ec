/**
 * A real S3-protocol server for tests: s3rver on a random loopback port, storing on disk.
 *
 * s3rver lacks ListMultipartUploads and AbortMultipartUpload; `multipartExtension` answers
 * them from s3rver's own on-disk store. Everything else is s3rver as published. It does not
 * check SigV4 signatures; put `startS3Proxy({ verifySignatures })` in front for that.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'
import { multipartExtension } from './s3rver-multipart'

/** s3rver accepts any secret for this access key id (it checks the id, not SigV4 signatures). */
export const S3RVER_ACCESS_KEY_ID = 'S3RVER'

export interface TestS3Server {
  endpoint: string
  port: number
  directory: string
  close(): Promise<void>
}

export async function startS3Server(options: { buckets?: string[] } = {}): Promise<TestS3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'hls-studio-s3-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name }))
  })
  server.middleware.unshift(multipartExtension(directory))
  const address = await server.run()
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    directory,
    close: async () => {
      server.httpServer?.closeAllConnections()
      await server.close()
      rmSync(directory, { recursive: true, force: true })
    }
  }
}

/**
 * Makes s3rver know another access key id. s3rver checks ids, not signatures; the signature
 * proxy decides what each key may do.
 */
export function registerS3rverAccessKey(accessKeyId: string): void {
  const require = createRequire(import.meta.url)
  const account = require('s3rver/lib/models/account') as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } }
  account.DUMMY_ACCOUNT.createKeyPair(accessKeyId, 'unused-by-sigv4')
}
