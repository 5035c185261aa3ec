import type { S3Client } from '@aws-sdk/client-s3'
import { nodeHttp, nodeHttps, s3 } from './aws-sdk'
// Types only: the SDK's own declarations are built on them.
import type { FinalizeRequestMiddleware, MetadataBearer } from '@smithy/types'
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
  const client = new s3.S3Client({
    region: target.region,
    endpoint: target.endpoint,
    forcePathStyle: target.pathStyle,
    credentials: { accessKeyId: secret.accessKeyId, secretAccessKey: secret.secretAccessKey },
    requestChecksumCalculation: checksums,
    responseChecksumValidation: checksums,
    maxAttempts: options.maxAttempts ?? 3,
    // The SDK's default puts `Expect: 100-continue` on every body of 2 MB or more, and sends
    // each such request on a new connection without keep-alive, bypassing the agents below
    // (@smithy/node-http-handler): a TCP handshake and a wait for "100 Continue" per segment
    // of a 1080p package and per 8 MiB part. It only saves the body of a request that is
    // refused, which the connection test catches before a publish; rclone does not send it.
    expectContinueHeader: false,
    requestHandler: {
      httpAgent: new (nodeHttp().Agent)({ keepAlive: true, maxSockets }),
      httpsAgent: new (nodeHttps().Agent)({ keepAlive: true, maxSockets }),
      connectionTimeout: 10_000,
      requestTimeout: options.requestTimeoutMs ?? 120_000
    }
  })
  client.middlewareStack.addRelativeTo(unsignedPayloadWhenChecksummed, {
    relation: 'before',
    toMiddleware: 'httpSigningMiddleware',
    name: 'unsignedPayloadWhenChecksummed'
  })
  return client
}


/**
 * A body that already carries a checksum the service verifies (Content-MD5, or the SDK's
 * x-amz-checksum-crc32) is signed as UNSIGNED-PAYLOAD instead of hashing it again with
 * SHA-256: the checksum already guards every byte, and the SHA-256 pass was the largest CPU
 * cost of an upload (profiled: ~35 % of the studio's CPU on a 220 MB tree). AWS's own SDK does
 * the same for streamed bodies (STREAMING-UNSIGNED-PAYLOAD-TRAILER with CRC32), and rclone
 * for single-part PUTs. Bodies without a checksum keep the signed payload hash.
 */
const unsignedPayloadWhenChecksummed: FinalizeRequestMiddleware<object, MetadataBearer> = (next) => async (args) => {
  const request = args.request as { method?: string; body?: unknown; headers?: Record<string, string> }
  const headers = request.headers
  if (request.method === 'PUT' && request.body !== undefined && headers) {
    const names = Object.keys(headers).map((name) => name.toLowerCase())
    if (names.includes('content-md5') || names.some((name) => name.startsWith('x-amz-checksum-'))) {
      headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD'
    }
  }
  return next(args)
}
