import type { S3Client } from '@aws-sdk/client-s3'
import { StudioError } from '@shared/errors'
import { presigner, s3 } from './aws-sdk'

const { GetObjectCommand, PutObjectCommand } = s3

/** SigV4 presigned URLs live at most 7 days. */
export const MAX_PRESIGN_SECONDS = 604_800

export async function presignGet(client: S3Client, bucket: string, key: string, expiresInSeconds: number): Promise<string> {
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_PRESIGN_SECONDS) {
    throw new StudioError('INVALID_INPUT', 'A presigned link lasts between 1 second and 7 days (the SigV4 limit).')
  }
  // Loaded on first use: publishing never presigns.
  return presigner().getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresInSeconds })
}

export async function readObjectText(client: S3Client, bucket: string, key: string, signal?: AbortSignal): Promise<string> {
  const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal })
  if (!answer.Body) return ''
  return answer.Body.transformToString('utf-8')
}

export async function writeObjectText(client: S3Client, options: { bucket: string; key: string; text: string; contentType: string; cacheControl: string }): Promise<void> {
  await client.send(
    new PutObjectCommand({
      Bucket: options.bucket,
      Key: options.key,
      Body: options.text,
      ContentType: options.contentType,
      CacheControl: options.cacheControl
    })
  )
}
