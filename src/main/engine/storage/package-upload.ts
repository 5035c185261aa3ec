import type { OnLog } from '@shared/log-levels'
import type { S3Client } from '@aws-sdk/client-s3'
import type { PublishProgress } from './publisher'
import { abortPendingMultipartUploads } from './multipart-cleanup'
import { uploadObjectOnce } from './object-upload'
import { partSizeFor } from './part-size'
import { listRemoteObjects, remoteMatchesLocal, type RemoteObject } from './remote-listing'
import { abortError, type RetryPolicy } from '../retry'
import { retryStorage } from './retry'
import { describeFailure, isCancellation, toStorageError, type StorageErrorContext } from './storage-errors'
import type { PlannedObject, UploadPlan } from './upload-plan'

/** lib-storage's default: parts of one object in flight at once (rclone's --s3-upload-concurrency is 4 too). */
export const PART_CONCURRENCY = 4

export interface PackageUploadOptions {
  client: S3Client
  bucket: string
  plan: UploadPlan
  /** Names the target in plain-words errors. */
  target: StorageErrorContext['target']
  /** Objects in flight at once. */
  parallelism: number
  partSize?: (bytes: number) => number
  retry?: RetryPolicy
  signal?: AbortSignal
  onProgress?: (progress: PublishProgress) => void
  onLog?: OnLog
}

export interface PackageUploadResult {
  uploaded: number
  skipped: number
  /** Bytes sent this run (skipped objects not counted). */
  bytesSent: number
}

/** Runs `work` over `items` with at most `limit` at once; stops taking new items after the first failure. */
async function runPool<T>(items: T[], limit: number, stop: AbortSignal, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const errors: unknown[] = []
  const worker = async (): Promise<void> => {
    while (next < items.length && errors.length === 0 && !stop.aborted) {
      const item = items[next++] as T
      try {
        await work(item)
      } catch (error) {
        errors.push(error)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  // The first error is the cause; later ones are usually the aborts it triggered.
  const cause = errors.find((e) => !isCancellation(e)) ?? errors[0]
  if (cause !== undefined) throw cause
  if (stop.aborted) throw abortError()
}

/**
 * Uploads a planned package phase by phase, skipping objects the bucket already holds
 * with the same size and MD5. On failure or cancel, objects still in flight are stopped
 * and any multipart upload under the prefix is aborted.
 */
export async function uploadPackage(options: PackageUploadOptions): Promise<PackageUploadResult> {
  const { client, bucket, plan, signal } = options
  const partSize = options.partSize ?? partSizeFor
  const log = options.onLog ?? (() => undefined)
  if (signal?.aborted) throw abortError()
  const stop = new AbortController()
  const forward = (): void => stop.abort()
  signal?.addEventListener('abort', forward, { once: true })

  const progress: PublishProgress = { transferredBytes: 0, totalBytes: plan.totalBytes, completedSegments: 0, totalSegments: plan.totalSegments }
  const report = (): void => options.onProgress?.({ ...progress })
  const result: PackageUploadResult = { uploaded: 0, skipped: 0, bytesSent: 0 }
  const done = (object: PlannedObject): void => {
    if (object.kind === 'segment') progress.completedSegments++
    report()
  }

  const uploadOne = async (object: PlannedObject, existing: Map<string, RemoteObject>): Promise<void> => {
    const remote = existing.get(object.key)
    if (remote && (await remoteMatchesLocal(remote, object, partSize(object.bytes)))) {
      result.skipped++
      progress.transferredBytes += object.bytes
      return done(object)
    }
    await retryStorage(
      () =>
        uploadObjectOnce({
          client,
          bucket,
          object,
          partSize: partSize(object.bytes),
          partConcurrency: PART_CONCURRENCY,
          signal: stop.signal,
          onBytes: (delta) => {
            progress.transferredBytes += delta
            result.bytesSent += delta
            report()
          }
        }),
      {
        policy: options.retry,
        signal: stop.signal,
        onRetry: (retry, error, delay) => log(`Retrying ${object.path} in ${Math.round(delay)} ms after ${describeFailure(error)} (try ${retry + 1}).`, 'warn')
      }
    ).catch((error: unknown) => {
      throw toStorageError(error, { target: options.target, action: `uploading ${object.path}` })
    })
    result.uploaded++
    done(object)
  }

  try {
    const existing = await retryStorage(() => listRemoteObjects(client, bucket, plan.keyPrefix, stop.signal), { policy: options.retry, signal: stop.signal }).catch(
      (error: unknown) => {
        throw toStorageError(error, { target: options.target, action: `listing ${plan.keyPrefix}/` })
      }
    )
    if (existing.size > 0) log(`${existing.size} objects already under ${plan.keyPrefix}/; unchanged ones are skipped.`, 'info')
    report()
    for (const phase of plan.phases) {
      await runPool(phase, options.parallelism, stop.signal, async (object) => {
        try {
          await uploadOne(object, existing)
        } catch (error) {
          stop.abort()
          throw error
        }
      })
    }
    return result
  } catch (error) {
    stop.abort()
    const aborted = await abortPendingMultipartUploads(client, bucket, plan.keyPrefix, new Set(plan.objects.map((o) => o.key))).catch(() => 0)
    if (aborted > 0) log(`Aborted ${aborted} unfinished multipart upload(s) under ${plan.keyPrefix}/.`, 'info')
    throw signal?.aborted ? abortError() : error
  } finally {
    signal?.removeEventListener('abort', forward)
  }
}
