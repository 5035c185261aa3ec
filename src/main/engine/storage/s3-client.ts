import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { S3Client } from '@aws-sdk/client-s3'
import { PROVIDER_PRESETS, type StorageTarget } from '@shared/targets'
import type { TargetSecret } from './secret-store'

export interface S3ClientOptions {
  /** Sockets the client may open at once; uploads keep this many requests in flight. */
  maxSockets?: number
  /** Attempts the SDK makes per request before the uploader's own per-object retry takes over. */
  maxAttempts?: number
  /** Milliseconds without a byte moving before a request is abandoned. */
  requestTimeoutMs?: number
}

/**
 * The one place provider quirks live: R2's region "auto" and its refusal of the SDK's default
 * checksums, path-style addressing for MinIO, a custom endpoint for anything but AWS.
 */
export function createS3Client(target: StorageTarget, secret: TargetSecret, options: S3ClientOptions = {}): S3Client {
  const preset = PROVIDER_PRESETS[target.provider]
  const maxSockets = options.maxSockets ?? 64
  const checksums = preset.sdkChecksums ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED'
  return new S3Client({
    region: target.region,
    endpoint: target.endpoint,
    forcePathStyle: target.pathStyle,
    credentials: { accessKeyId: secret.accessKeyId, secretAccessKey: secret.secretAccessKey },
    requestChecksumCalculation: checksums,
    responseChecksumValidation: checksums,
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: {
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
      connectionTimeout: 10_000,
      requestTimeout: options.requestTimeoutMs ?? 120_000
    }
  })
}
