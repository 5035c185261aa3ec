import type { S3Client } from '@aws-sdk/client-s3'
import { errorFacts } from './storage-errors'
import { s3 } from './aws-sdk'

const { AbortMultipartUploadCommand, ListMultipartUploadsCommand } = s3

export interface PendingMultipartUpload {
  key: string
  uploadId: string
}

/** Multipart uploads started under a prefix and neither completed nor aborted. */
export async function listPendingMultipartUploads(client: S3Client, bucket: string, prefix: string): Promise<PendingMultipartUpload[]> {
  const pending: PendingMultipartUpload[] = []
  let keyMarker: string | undefined
  let uploadIdMarker: string | undefined
  do {
    const page = await client.send(
      new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix ? `${prefix}/` : undefined, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker })
    )
    for (const upload of page.Uploads ?? []) {
      if (upload.Key && upload.UploadId) pending.push({ key: upload.Key, uploadId: upload.UploadId })
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined
    uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined
  } while (keyMarker)
  return pending
}

/**
 * The safety net after a failed or cancelled publish: lib-storage aborts its own multipart
 * uploads, but an AbortMultipartUpload that itself failed would leave parts that are billed
 * and invisible. Only the given keys are touched. Returns how many were aborted; services without the listing call are skipped.
 */
export async function abortPendingMultipartUploads(client: S3Client, bucket: string, prefix: string, onlyKeys: ReadonlySet<string>): Promise<number> {
  let pending: PendingMultipartUpload[]
  try {
    // Only our own keys: another publish may be uploading elsewhere under the same prefix.
    pending = (await listPendingMultipartUploads(client, bucket, prefix)).filter((upload) => onlyKeys.has(upload.key))
  } catch (error) {
    if (errorFacts(error).name === 'NotImplemented') return 0
    throw error
  }
  for (const upload of pending) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.key, UploadId: upload.uploadId }))
  }
  return pending.length
}
