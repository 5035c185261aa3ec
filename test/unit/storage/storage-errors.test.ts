import { describe, expect, it } from 'vitest'
import { S3ServiceException } from '@aws-sdk/client-s3'
import { isRetryableStorageError, toStorageError } from '../../../src/main/engine/storage/storage-errors'
import { resolveTargetInput } from '../../../src/shared/targets'

const target = resolveTargetInput({ name: 'lab', provider: 'r2', endpoint: 'https://acc.r2.cloudflarestorage.com', bucket: 'media' })
const context = { target, action: 'uploading v0/seg_001.ts' }

/** An error shaped as the SDK throws it for an S3 error answer. */
function s3Error(name: string, status: number, message = 'server text with StringToSign AWS4-HMAC-SHA256 secret-ish'): S3ServiceException {
  return new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message })
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code })
}

describe('storage errors in plain words', () => {
  it.each([
    [s3Error('InvalidAccessKeyId', 403), 'STORAGE_CREDENTIALS', /access key ID .* is not known/],
    [s3Error('SignatureDoesNotMatch', 403), 'STORAGE_CREDENTIALS', /secret access key .* does not match/],
    [s3Error('NoSuchBucket', 404), 'STORAGE_BUCKET', /bucket "media" does not exist/],
    [s3Error('NotFound', 404), 'STORAGE_BUCKET', /does not exist/],
    [s3Error('AccessDenied', 403), 'STORAGE_PERMISSION', /not allowed/],
    [s3Error('RequestTimeTooSkewed', 403), 'STORAGE_CLOCK_SKEW', /clock/],
    [s3Error('PermanentRedirect', 301), 'STORAGE_ENDPOINT', /another region/],
    [networkError('ECONNREFUSED'), 'STORAGE_ENDPOINT', /Could not reach .*ECONNREFUSED/],
    [networkError('ENOTFOUND'), 'STORAGE_ENDPOINT', /Could not reach/],
    [networkError('DEPTH_ZERO_SELF_SIGNED_CERT'), 'STORAGE_ENDPOINT', /certificate/],
    [s3Error('InternalError', 500), 'STORAGE_FAILED', /HTTP 500, InternalError/]
  ])('%s → %s', (error, code, message) => {
    const plain = toStorageError(error, context)
    expect(plain.code).toBe(code)
    expect(plain.message).toMatch(message)
    // The server's own text is never copied (SignatureDoesNotMatch echoes the string to sign).
    expect(plain.message).not.toContain('StringToSign')
  })

  it('retries throttling, server errors and dropped connections, not client mistakes', () => {
    expect(isRetryableStorageError(s3Error('SlowDown', 503))).toBe(true)
    expect(isRetryableStorageError(s3Error('TooManyRequests', 429))).toBe(true)
    expect(isRetryableStorageError(s3Error('InternalError', 500))).toBe(true)
    expect(isRetryableStorageError(networkError('ECONNRESET'))).toBe(true)
    expect(isRetryableStorageError(new Error('socket hang up'))).toBe(true)
    expect(isRetryableStorageError(s3Error('AccessDenied', 403))).toBe(false)
    expect(isRetryableStorageError(s3Error('NoSuchBucket', 404))).toBe(false)
    expect(isRetryableStorageError(networkError('ENOTFOUND'))).toBe(false)
    expect(isRetryableStorageError(Object.assign(new Error('Cancelled.'), { name: 'AbortError' }))).toBe(false)
  })
})
