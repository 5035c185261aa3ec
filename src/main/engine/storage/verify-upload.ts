import type { S3Client } from '@aws-sdk/client-s3'
import { StudioError } from '@shared/errors'
import { listRemoteObjects } from './remote-listing'
import type { RetryPolicy } from '../retry'
import { retryStorage } from './retry'
import type { UploadPlan } from './upload-plan'

export interface VerifiedUpload {
  objectCount: number
  bytes: number
}

/** Lists the bucket under the job's prefix and checks every planned object is there with its size. */
export async function verifyUpload(options: { client: S3Client; bucket: string; plan: UploadPlan; retry?: RetryPolicy; signal?: AbortSignal }): Promise<VerifiedUpload> {
  const { client, bucket, plan } = options
  const remote = await retryStorage(() => listRemoteObjects(client, bucket, plan.keyPrefix, options.signal), { policy: options.retry, signal: options.signal })
  const problems: string[] = []
  for (const object of plan.objects) {
    const found = remote.get(object.key)
    if (!found) problems.push(`${object.path} is missing`)
    else if (found.size !== object.bytes) problems.push(`${object.path} has ${found.size} bytes instead of ${object.bytes}`)
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ')
    const more = problems.length > 5 ? ` and ${problems.length - 5} more` : ''
    throw new StudioError(
      'VERIFY_FAILED',
      `After the upload, ${problems.length} of ${plan.objects.length} objects under ${plan.keyPrefix}/ in bucket "${bucket}" are not right: ${shown}${more}. Publish again to fix them.`
    )
  }
  return { objectCount: plan.objects.length, bytes: plan.totalBytes }
}
