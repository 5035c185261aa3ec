import type { S3Client } from '@aws-sdk/client-s3'
import { StudioError } from '@shared/errors'
import { listRemoteObjects } from './remote-listing'
import { s3 } from './aws-sdk'

const { DeleteObjectsCommand } = s3

/** S3 deletes at most 1000 keys per DeleteObjects request. */
const KEYS_PER_REQUEST = 1000

/**
 * Deletes a published package: every object under its key prefix (share-link copies included).
 * The prefix is never empty: an empty prefix would mean the whole bucket.
 */
export async function deleteRemotePackage(client: S3Client, bucket: string, keyPrefix: string): Promise<number> {
  if (!keyPrefix.replace(/\/+/g, '')) throw new StudioError('INVALID_INPUT', 'Refusing to delete a package with an empty key prefix: that would be the whole bucket.')
  const keys = [...(await listRemoteObjects(client, bucket, keyPrefix.replace(/\/+$/, ''))).keys()]
  for (let i = 0; i < keys.length; i += KEYS_PER_REQUEST) {
    const batch = keys.slice(i, i + KEYS_PER_REQUEST)
    const answer = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }))
    const failed = answer.Errors ?? []
    if (failed.length) {
      throw new StudioError('STORAGE_FAILED', `${failed.length} objects under ${keyPrefix}/ could not be deleted (first: ${failed[0]?.Key}: ${failed[0]?.Message ?? failed[0]?.Code}).`)
    }
  }
  return keys.length
}
